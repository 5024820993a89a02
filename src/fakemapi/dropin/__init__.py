"""The pywin32-shaped modules: argument parsing and result shapes, nothing more."""
