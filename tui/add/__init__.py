"""Adding files, folders and web pages to the store from inside the app (issue 10)."""
