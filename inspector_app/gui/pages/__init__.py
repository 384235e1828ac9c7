"""The pages of the main window; each one is registered in ``inspector_app.gui.navigation``."""
