"""Photo intake of a melding: ``kcc.meldingen.photos.clean_photo`` against the earlier re-encoding.

    .venv/bin/python bench/melding_photo.py [--rounds 40]

Inputs, made in memory: a camera-like JPEG of about 1 MB (3,000 x 2,250, quality 90, smooth shapes
plus sensor noise, EXIF with GPS, camera make/model/serial and Orientation 6, an XMP packet, a
comment), the 1 MB noise JPEG that ``bench/meldingen_load.py`` posts, and a PNG of about 1 MB.
The baseline is the implementation this replaced (full decode, ``exif_transpose``, re-encode: JPEG
at quality 85, PNG at Pillow's default level); it runs interleaved with the current one in the same
process, alternating which goes first. Prints per input the median and p95 wall time and the median
CPU time of both, and the ratio of the medians. Asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from meldingen_load import photo_of_about

from kcc.meldingen.photos import MAX_PIXELS, clean_photo

MAX_BYTES = 5_000_000


def baseline(data: bytes) -> bytes:
    """The replaced clean_photo: decode everything, apply the orientation, re-encode."""
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_PIXELS:
        raise ValueError("too many pixels")
    image.load()
    source_format = image.format
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if source_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=85, optimize=False)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG")
    return out.getvalue()


def current(data: bytes) -> bytes:
    return clean_photo(io.BytesIO(data), max_bytes=MAX_BYTES).content


def camera_like(size: tuple[int, int] = (3000, 2250)) -> bytes:
    """Smooth coloured shapes with a little per-pixel noise: compresses like a phone photo."""
    rng = random.Random(7)
    scene = Image.new("RGB", size, (120, 140, 160))
    draw = ImageDraw.Draw(scene)
    for _ in range(120):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(20, 400)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    scene = scene.filter(ImageFilter.GaussianBlur(6))
    noise = Image.effect_noise(size, 22).convert("RGB")
    scene = Image.blend(scene, noise, 0.13)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Telefoonmerk", "Model 12 Pro", 6
    exif.get_ifd(0x8769)[0xA431] = "SN-123456789"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 55.0, 21.0), "E", (4.0, 28.0, 45.12)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    out = io.BytesIO()
    scene.save(out, format="JPEG", quality=90, exif=exif, xmp=xmp, comment=b"Vakantie 2026")
    return out.getvalue()


def png_of_about(size: int) -> bytes:
    rng = random.Random(3)
    side = 400
    while True:
        image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).filter(ImageFilter.BLUR)
        out = io.BytesIO()
        image.save(out, format="PNG")
        if out.tell() >= size:
            return out.getvalue()
        side += 40


def measure(function: Callable[[bytes], bytes], data: bytes) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function(data)
    return time.perf_counter() - wall, time.process_time() - cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    inputs = {
        "camera-like JPEG": camera_like(),
        "noise JPEG (load test)": photo_of_about(1_000_000),
        "PNG": png_of_about(1_000_000),
    }
    print(f"{'input':<34} {'bytes':>9}  {'old p50/p95 ms (cpu)':>24}  {'new p50/p95 ms (cpu)':>24}  old/new")
    for name, data in inputs.items():
        with Image.open(io.BytesIO(data)) as image:
            label = f"{name} {image.width}x{image.height}"
        timings: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
        for function in (baseline, current):  # warm-up
            function(data)
        for round_ in range(args.rounds):
            order = [("old", baseline), ("new", current)]
            for key, function in order if round_ % 2 == 0 else reversed(order):
                timings[key].append(measure(function, data))
        cells = []
        for key in ("old", "new"):
            walls = [wall * 1000 for wall, _ in timings[key]]
            cpu = statistics.median(c * 1000 for _, c in timings[key])
            cells.append((statistics.median(walls), p95(walls), cpu))
        (old_median, old_p95, old_cpu), (new_median, new_p95, new_cpu) = cells
        print(
            f"{label:<34} {len(data):>9,}  {old_median:>8.1f} /{old_p95:>6.1f} ({old_cpu:>5.1f})"
            f"  {new_median:>8.1f} /{new_p95:>6.1f} ({new_cpu:>5.1f})  {old_median / new_median:>6.1f}x"
        )


if __name__ == "__main__":
    main()
