"""Reusable widgets shown inside pages: the verdict card, the camera preview, the sortable list tables."""
