"""PDFium keeps process-wide state and is not thread-safe (pypdfium2 says so): two
threads inside it at once can crash the interpreter. Every call into PDFium holds
this lock; parallel reading uses processes (`--workers`), which each have their own."""
import threading

PDFIUM_LOCK = threading.RLock()
