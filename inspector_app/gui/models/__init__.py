"""Qt item models over lists of frozen dataclasses returned by the services."""
