"""DOCX -> PDF through LibreOffice (`soffice --headless --convert-to pdf`)."""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Converter:
    """Batches conversions; uses its own LibreOffice profile so it never collides
    with another soffice running on the machine."""

    def __init__(self, timeout: int = 300):
        self.exe = soffice()
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="lo_profile_")

    @property
    def available(self) -> bool:
        return self.exe is not None

    def convert(self, docx_paths: list[Path], out_dir: Path) -> dict[Path, Path]:
        """Convert every docx into out_dir; returns {docx: pdf} for those that worked."""
        if not docx_paths:
            return {}
        if not self.exe:
            raise RuntimeError("LibreOffice (soffice) is not installed")
        out_dir.mkdir(parents=True, exist_ok=True)
        cmd = [self.exe, f"-env:UserInstallation=file://{self._profile}", "--headless", "--norestore",
               "--nologo", "--convert-to", "pdf", "--outdir", str(out_dir)] + [str(p) for p in docx_paths]
        env = dict(os.environ, HOME=self._profile)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout, env=env)
        done = {}
        for p in docx_paths:
            pdf = out_dir / (p.stem + ".pdf")
            if pdf.exists() and pdf.stat().st_size > 0:
                done[p] = pdf
            else:
                log.warning("LibreOffice did not convert %s: %s", p.name, (proc.stderr or proc.stdout)[-300:])
        return done

    def close(self) -> None:
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
