"""Installed size of mtqa's core and extras: each in a fresh virtual environment.

The project is built into a wheel once; each variant is a new venv (``python3 -m venv``) into
which pip installs it, and its size is ``du -sm`` of the venv's site-packages less that of a bare
venv (pip and setuptools). Variants: the core (``pip install mtqa``); the core less ctranslate2
(the lexical checks' share: the core's requirements but ctranslate2, and the wheel with
``--no-deps``); the core with the torch extra, torch first from ``--torch`` (the CPU wheel:
``pip install torch --index-url https://download.pytorch.org/whl/cpu`` off this machine). The
install times are wall-clock from whatever indexes and wheel caches pip is configured with here,
not a download over the network. The largest packages of the core are listed to show where
its size goes.

    .venv/bin/python benchmarks/install_size.py
    .venv/bin/python benchmarks/install_size.py --torch torch==2.13.0 --keep /tmp/mtqa-sizes
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))


def du_mb(path: Path) -> int:
    return int(subprocess.run(["du", "-sm", str(path)], check=True, capture_output=True, text=True).stdout.split()[0])


def venv(where: Path) -> Path:
    run(sys.executable, "-m", "venv", str(where))
    return where / "bin" / "pip"


def core_requirements(but: str) -> list[str]:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as handle:
        deps = tomllib.load(handle)["project"]["dependencies"]
    return [d for d in deps if re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() != but]


def largest(site: Path, count: int) -> list[tuple[int, str]]:
    sizes = [(du_mb(p), p.name) for p in site.iterdir() if p.is_dir() and not p.name.endswith(".dist-info")]
    return sorted(sizes, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch", default="torch==2.13.0", help="what to pip install as torch before the torch extra")
    parser.add_argument("--keep", type=Path, help="build the venvs here and keep them (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="mtqa-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), str(ROOT))
        wheel = str(next((work / "dist").glob("mtqa-*.whl")))
        venv(work / "bare")
        bare = du_mb(site_packages(work / "bare"))
        variants = {
            "core (pip install mtqa)": [[wheel]],
            "core less ctranslate2 (the lexical checks)": [core_requirements(but="ctranslate2"), ["--no-deps", wheel]],
            f"core + torch extra ({args.torch} first)": [[args.torch], [wheel + "[torch]"]],
        }
        print(f"python {sys.version.split()[0]}; a bare venv's site-packages: {bare} MB (pip, setuptools), not counted")
        print(f"{'variant':<48} {'MB':>6} {'install_s':>10}")
        for number, (name, installs) in enumerate(variants.items()):
            where = work / f"v{number}"
            pip = venv(where)
            start = time.perf_counter()
            for packages in installs:
                run(str(pip), "install", "-q", *packages)
            seconds = time.perf_counter() - start
            site = site_packages(where)
            for forbidden in () if "torch" in name else ("torch", "transformers"):
                assert not (site / forbidden).exists(), f"{name}: {forbidden} was installed"
            print(f"{name:<48} {du_mb(site) - bare:>6} {seconds:>10.1f}")
            if number == 0:
                top = largest(site, 12)
        print("the core's largest packages (MB): " + ", ".join(f"{n} {mb}" for mb, n in top))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
