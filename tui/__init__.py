"""newsexplore's terminal user interface: the Textual app and the command line."""
