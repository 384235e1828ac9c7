"""Forms generated from ``ui/*.ui`` by ``packaging/build_qt.py`` (pyside6-uic). Generated, do not edit."""
