"""benchnb: turn a folder of benchmark artifacts into a report people can trust."""

__version__ = "0.1.0"
