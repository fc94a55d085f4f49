"""plans: Welsh primary care cluster plans -> classified action tables, summaries and a report."""
__version__ = "0.1.0"
