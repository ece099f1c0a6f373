"""The lossless metadata strip of JPEG and PNG photos: same pixels, no metadata, damaged files refused."""

from __future__ import annotations

import contextlib
import io
import zlib

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from kcc.meldingen.photos import PhotoError, clean_photo, gps_location, strip_jpeg, strip_png

MAX_BYTES = 5_000_000
ORIENTATION, MAKE, MODEL, GPS_IFD, EXIF_IFD, SERIAL = 0x0112, 0x010F, 0x0110, 0x8825, 0x8769, 0xA431
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def scene(size: tuple[int, int] = (96, 72), mode: str = "RGB") -> Image.Image:
    """Structured content (not flat), so every block carries AC coefficients."""
    return Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60).convert(mode)


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = "Telefoonmerk", "Testcamera X100"
    exif.get_ifd(EXIF_IFD)[SERIAL] = "SERIE-0042"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 55.0, 21.0), "E", (4.0, 28.0, 45.12)
    if orientation != 1:
        exif[ORIENTATION] = orientation
    return exif


def jpeg(image: Image.Image | None = None, **options) -> bytes:
    out = io.BytesIO()
    (image or scene()).save(out, format="JPEG", **options)
    return out.getvalue()


def clean(data: bytes):
    return clean_photo(io.BytesIO(data), max_bytes=MAX_BYTES)


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.tobytes()


def metadata_segments(data: bytes) -> list[str]:
    """Names of the APPn/COM segments Pillow sees in the header, with their identifying prefix."""
    with Image.open(io.BytesIO(data)) as image:
        return [f"{name}:{body[:5]!r}" for name, body in image.applist]


def insert_before_second_scan(data: bytes, extra: bytes) -> bytes:
    first = data.index(b"\xff\xda")
    second = data.index(b"\xff\xda", first + 2)
    return data[:second] + extra + data[second:]


def segment(marker: int, body: bytes) -> bytes:
    return b"\xff" + bytes((marker,)) + (len(body) + 2).to_bytes(2, "big") + body


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"progressive": True},
        {"restart_marker_blocks": 1},
        {"restart_marker_rows": 1, "progressive": True},
        {"subsampling": 0, "quality": 95},
        {"optimize": True, "quality": 30},
    ],
    ids=["baseline", "progressive", "restart-blocks", "progressive-restart", "4:4:4", "optimized"],
)
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_pixels_are_identical_and_metadata_is_gone(options, mode):
    original = jpeg(scene(mode=mode), exif=camera_exif(), comment=b"<?php system($_GET[1]); ?>", **options)
    if options.get("restart_marker_blocks") or options.get("restart_marker_rows"):
        assert b"\xff\xd0" in original  # the restart markers are really there
    photo = clean(original)
    assert pixels(photo.content) == pixels(original)
    assert (photo.width, photo.height, photo.content_type, photo.extension) == (96, 72, "image/jpeg", "jpg")
    for secret in (b"Exif", b"Testcamera", b"SERIE-0042", b"<?php"):
        assert secret in original and secret not in photo.content
    kept = metadata_segments(photo.content)
    assert all(name.startswith(("APP0:b'JFIF", "APP14:b'Adobe")) for name in kept), kept


def test_xmp_icc_and_jfif_thumbnail():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description exif:GPSLatitude="51,55N"/></x:xmpmeta>'
    original = jpeg(xmp=xmp, icc_profile=SRGB)
    # A JFIF header with a 2 x 1 thumbnail (the uncropped picture could hide in there).
    jfif = b"JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x02\x01" + b"\x10\x20\x30\x40\x50\x60"
    original = original[:2] + segment(0xE0, jfif) + original[original.index(b"\xff", 4) :]
    assert original[2:4] == b"\xff\xe0" and b"GPSLatitude" in original
    photo = clean(original)
    assert pixels(photo.content) == pixels(original)
    assert b"GPSLatitude" not in photo.content and b"http://ns.adobe.com/xap" not in photo.content
    assert photo.content[2:20] == b"\xff\xe0\x00\x10JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x00\x00"
    with Image.open(io.BytesIO(photo.content)) as stored:
        assert stored.info["icc_profile"] == SRGB and "xmp" not in stored.info


def test_orientation_is_kept_alone():
    original = jpeg(scene((96, 72)), exif=camera_exif(orientation=6))
    photo = clean(original)
    with Image.open(io.BytesIO(photo.content)) as stored:
        assert dict(stored.getexif()) == {ORIENTATION: 6}
        assert stored.getexif().get_ifd(GPS_IFD) == {}
        assert ImageOps.exif_transpose(stored).size == (72, 96)
    assert (photo.width, photo.height) == (72, 96)
    assert pixels(photo.content) == pixels(original)
    assert photo.content[2:4] == b"\xff\xe0" and photo.content[20:22] == b"\xff\xe1"  # EXIF right after JFIF
    assert b"Testcamera" not in photo.content


def test_gps_is_offered_from_the_original_before_stripping():
    original = jpeg(exif=camera_exif(orientation=3), progressive=True)
    assert gps_location(io.BytesIO(original), max_bytes=MAX_BYTES) == pytest.approx((51.9225, 4.4792), abs=1e-4)
    assert gps_location(io.BytesIO(clean(original).content), max_bytes=MAX_BYTES) is None


def test_trailer_after_eoi_is_dropped():
    """A "motion photo" carries an MP4 after the JPEG; a polyglot may carry a ZIP there."""
    original = jpeg(exif=camera_exif())
    trailer = b"\x00\x00\x00\x18ftypmp42" + b"GPS 51.9225 4.4792" * 50 + b"PK\x03\x04" + b"\xff\xd9\xff\xd8"
    photo = clean(original + trailer)
    assert (
        photo.content.endswith(b"\xff\xd9") and b"ftypmp42" not in photo.content and b"PK\x03\x04" not in photo.content
    )
    assert pixels(photo.content) == pixels(original)


def test_a_multi_picture_photo_keeps_its_first_picture_only():
    """MPO (some phones and 3D cameras): the photo, then more pictures with an index in APP2 "MPF"."""
    first, second = scene(), ImageOps.invert(scene())
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second], exif=camera_exif())
    original = out.getvalue()
    with Image.open(io.BytesIO(original)) as mpo:
        assert (mpo.format, mpo.n_frames) == ("MPO", 2)
        first_pixels = mpo.tobytes()
    photo = clean(original)
    with Image.open(io.BytesIO(photo.content)) as stored:
        assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
        assert stored.tobytes() == first_pixels
    assert (photo.content_type, photo.extension) == ("image/jpeg", "jpg")
    assert not [name for name in metadata_segments(photo.content) if name.startswith(("APP1", "APP2"))]
    assert len(photo.content) < len(original) / 2 + 200


def test_segments_between_progressive_scans_and_fill_bytes():
    original = jpeg(progressive=True)
    assert original.count(b"\xff\xda") > 2 and original.count(b"\xff\xc4") > 1  # several scans, tables between
    crafted = insert_before_second_scan(original, segment(0xFE, b"tussen de scans") + segment(0xE1, b"Exif\x00\x00XX"))
    crafted = crafted[:-2] + b"\xff\xff\xff\xd9"  # fill bytes before EOI
    crafted = crafted[:2] + b"\xff\xff" + crafted[2:]  # and before the first segment
    photo = clean(crafted)
    assert b"tussen de scans" not in photo.content and b"Exif" not in photo.content
    assert photo.content[2:4] == b"\xff\xe0" and not photo.content.endswith(b"\xff\xff\xd9")  # fill dropped
    assert pixels(photo.content) == pixels(original)


def _truncations() -> list[bytes]:
    data = jpeg(progressive=True)
    return [data[:cut] for cut in (2, 20, 200, len(data) // 2, len(data) - 40, len(data) - 2)]


@pytest.mark.parametrize("data", _truncations(), ids=lambda data: f"{len(data)}-bytes")
def test_truncated_jpegs_are_refused(data):
    with pytest.raises(PhotoError, match="beschadigd"):
        clean(data)


VALID = jpeg()


@pytest.mark.parametrize(
    "data",
    [
        VALID[: VALID.index(b"\xff\xda") + 14] + bytes(range(256)) * 20,
        b"<html><script>alert(1)</script></html>" + VALID,
        b"<?php echo 1; ?>" * 20,
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        VALID[:-2] + b"\x00\x00",
    ],
    ids=["header-with-garbage", "html-before-jpeg", "php", "gif", "no-eoi"],
)
def test_damaged_and_fake_files_are_refused(data):
    with pytest.raises(PhotoError):
        clean(data)


@pytest.mark.parametrize(("width", "height", "message"), [(10_000, 10_000, "te veel pixels"), (65_000, 65_000, None)])
def test_decompression_bombs_are_refused(width, height, message):
    data = bytearray(jpeg())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    with pytest.raises(PhotoError, match=message):
        clean(bytes(data))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xd8",
        b"\xff\xd8\xff\xd9",  # no frame, no scan
        b"\xff\xd8\xff\xdb\x00\x40",  # segment longer than the file
        b"\xff\xd8\xff\xdb\x00\x01",  # impossible length
        b"\xff\xd8\xff\xda\x00\x02\x00\xff\xd9",  # scan before frame
        b"\xff\xd8\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00\xff\xda\x00\x02\x00\x00",  # scan never ends
        b"\xff\xd8\xff\xc0\x00\x0b\x08\x00\x01\x00\x01\x01\x01\x11\x00" * 2,  # two frames
        b"\xff\xd8\xff\xd0\xff\xd9",  # restart marker outside a scan
        b"\xff\xd8\xff\xf0\x00\x02\xff\xd9",  # JPG0 extension
        b"\xff\xd8\x00\xff\xd9",  # garbage between segments
    ],
)
def test_the_marker_walker_refuses_malformed_structure(data):
    with pytest.raises(PhotoError):
        strip_jpeg(data)


metadata = st.fixed_dictionaries(
    {
        "orientation": st.integers(1, 8),
        "make": st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40),
        "comment": st.binary(max_size=300),
        "xmp": st.binary(max_size=300),
        "icc": st.none() | st.just(SRGB) | st.binary(min_size=1, max_size=2000),
        "trailer": st.binary(max_size=300),
    }
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(1, 180),
    height=st.integers(1, 140),
    mode=st.sampled_from(["RGB", "L", "CMYK"]),
    quality=st.integers(1, 100),
    progressive=st.booleans(),
    subsampling=st.sampled_from([0, 1, 2]),
    restart=st.integers(0, 4),
    meta=metadata,
)
def test_property_same_pixels_only_orientation(width, height, mode, quality, progressive, subsampling, restart, meta):
    exif = Image.Exif()
    exif[MAKE] = meta["make"]
    exif.get_ifd(GPS_IFD)[1] = "N"
    if meta["orientation"] != 1:
        exif[ORIENTATION] = meta["orientation"]
    options = {"quality": quality, "progressive": progressive, "subsampling": subsampling, "exif": exif}
    options |= {"restart_marker_blocks": restart, "comment": meta["comment"], "xmp": meta["xmp"]}
    if meta["icc"]:
        options["icc_profile"] = meta["icc"]
    original = jpeg(scene((width, height), mode), **options)
    photo = clean(original + meta["trailer"])
    assert pixels(photo.content) == pixels(original)
    assert photo.content.endswith(b"\xff\xd9") and len(photo.content) <= len(original)
    with Image.open(io.BytesIO(photo.content)) as stored:
        expected = {ORIENTATION: meta["orientation"]} if meta["orientation"] != 1 else {}
        assert dict(stored.getexif()) == expected
        assert "comment" not in stored.info and "xmp" not in stored.info
        assert stored.info.get("icc_profile") == (meta["icc"] or None)
    turned = meta["orientation"] >= 5
    assert (photo.width, photo.height) == ((height, width) if turned else (width, height))


FUZZ_BASE = jpeg(scene((40, 30)), exif=camera_exif(orientation=6), progressive=True, restart_marker_blocks=2)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.integers(0, len(FUZZ_BASE) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.none() | st.integers(0, len(FUZZ_BASE)),
    insert=st.none() | st.tuples(st.integers(0, len(FUZZ_BASE)), st.binary(min_size=1, max_size=8)),
)
def test_fuzz_corrupted_jpegs_fail_only_with_photo_error(changes, cut, insert):
    data = bytearray(FUZZ_BASE)
    for position, value in changes:
        data[position] = value
    if insert:
        data[insert[0] : insert[0]] = insert[1]
    data = bytes(data[:cut])
    assume(data != FUZZ_BASE)
    with contextlib.suppress(PhotoError):  # the walker alone, on structure Pillow would refuse first
        strip_jpeg(data)
    try:
        photo = clean(data)
    except PhotoError:
        return
    assert pixels(photo.content) == pixels(data)  # accepted: still exactly the uploaded picture


def png(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def png_text(pairs: dict[str, str]) -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    for number, (key, value) in enumerate(pairs.items()):  # tEXt, zTXt and iTXt in turn
        if number % 3 == 2:
            info.add_itxt(key, value, "nl", key)
        else:
            info.add_text(key, value, zip=number % 3 == 1)
    return info


def png_image(size: tuple[int, int], mode: str) -> Image.Image:
    if mode == "P":
        return scene(size).quantize(32)
    if mode == "I;16":
        return scene(size, "L").convert("I").point(lambda value: value * 257).convert("I;16")
    return scene(size, mode)


def assert_same_picture(stored: bytes, original: bytes) -> None:
    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(original)) as b:
        assert (a.mode, a.size, a.tobytes()) == (b.mode, b.size, b.tobytes())
        assert a.getpalette() == b.getpalette() and a.info.get("transparency") == b.info.get("transparency")


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P", "I;16", "1"])
def test_png_is_stored_losslessly_without_metadata(mode):
    image = png_image((60, 40), mode)
    options = {"transparency": 3} if mode == "P" else {}
    text = {"Author": "Jan Jansen", "Comment": "Testcamera X100", "XML:com.adobe.xmp": "<x:xmpmeta/>"}
    original = png(image, pnginfo=png_text(text), exif=camera_exif(), icc_profile=SRGB, **options)
    trailer = b"PK\x03\x04" + b"zip" * 20
    photo = clean(original + trailer)
    assert_same_picture(photo.content, original)
    assert (photo.width, photo.height, photo.content_type, photo.extension) == (60, 40, "image/png", "png")
    for secret in (b"Jan Jansen", b"Testcamera", b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"PK\x03\x04"):
        assert secret not in photo.content
    assert photo.content.endswith(b"IEND\xae\x42\x60\x82")
    with Image.open(io.BytesIO(photo.content)) as stored:
        assert stored.info["icc_profile"] == SRGB and stored.getexif() == {}


def test_a_turned_png_is_turned_and_re_encoded():
    photo = clean(png(scene((60, 40)), exif=camera_exif(orientation=6)))
    with Image.open(io.BytesIO(photo.content)) as stored:
        assert stored.size == (40, 60) and stored.getexif() == {}
    assert (photo.width, photo.height) == (40, 60) and b"Testcamera" not in photo.content


def _chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


VALID_PNG = png(scene((30, 20)))
IEND_AT = VALID_PNG.index(b"IEND") - 4


@pytest.mark.parametrize(
    "data",
    [
        VALID_PNG[: len(VALID_PNG) // 2],
        VALID_PNG[:-4] + b"\x00\x00\x00\x00",  # wrong CRC of IEND
        VALID_PNG[:IEND_AT] + _chunk(b"ABCD", b"x") + VALID_PNG[IEND_AT:],  # unknown critical chunk
        VALID_PNG[:IEND_AT],  # no IEND
        VALID_PNG[:33] + VALID_PNG[IEND_AT:],  # no IDAT
        VALID_PNG[:8] + VALID_PNG[IEND_AT:],  # no IHDR
    ],
    ids=["half", "bad-crc", "unknown-critical", "no-iend", "no-idat", "no-ihdr"],
)
def test_the_png_walker_refuses_malformed_structure(data):
    with pytest.raises(PhotoError):
        strip_png(data)
    with pytest.raises(PhotoError):
        clean(data)


def test_a_bad_crc_inside_the_image_data_is_refused():
    """Pillow does not check an IDAT's CRC, browsers do: such a file must not be stored."""
    data = bytearray(VALID_PNG)
    idat = data.index(b"IDAT")
    data[idat + 4 + int.from_bytes(data[idat - 4 : idat], "big")] ^= 0xFF
    with pytest.raises(PhotoError):
        clean(bytes(data))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(1, 120),
    height=st.integers(1, 90),
    mode=st.sampled_from(["RGB", "RGBA", "L", "LA", "P", "I;16", "1"]),
    compress_level=st.integers(0, 9),
    text=st.dictionaries(st.text("abcdefghij", min_size=1, max_size=8), st.text(max_size=50), max_size=4),
    icc=st.none() | st.just(SRGB),
    trailer=st.binary(max_size=100),
)
def test_property_png_same_pixels_no_metadata(width, height, mode, compress_level, text, icc, trailer):
    options = {"compress_level": compress_level, "pnginfo": png_text(text), "exif": camera_exif()}
    if icc:
        options["icc_profile"] = icc
    original = png(png_image((width, height), mode), **options)
    photo = clean(original + trailer)
    assert_same_picture(photo.content, original)
    assert b"tEXt" not in photo.content and b"eXIf" not in photo.content and b"zTXt" not in photo.content
    assert photo.content.endswith(b"IEND\xae\x42\x60\x82") and (photo.width, photo.height) == (width, height)


FUZZ_PNG = png(scene((24, 16), "RGBA"), pnginfo=png_text({"Comment": "x"}), exif=camera_exif())


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(st.integers(0, len(FUZZ_PNG) - 1), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.none() | st.integers(0, len(FUZZ_PNG)),
)
def test_fuzz_corrupted_pngs_fail_only_with_photo_error(changes, cut):
    data = bytearray(FUZZ_PNG)
    for position, value in changes:
        data[position] = value
    data = bytes(data[:cut])
    assume(data != FUZZ_PNG)
    try:
        photo = clean(data)
    except PhotoError:
        return
    assert_same_picture(photo.content, data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("exif", [b"Exif\x00\x00MMb*\x00\x00\x00\x08", b"Exif\x00\x00MM\x00*\x00\x00"])
def test_an_unreadable_exif_block_counts_as_none(fmt, exif):
    out = io.BytesIO()
    scene().save(out, format=fmt, exif=exif)
    photo = clean(out.getvalue())
    assert exif[6:] not in photo.content and (photo.width, photo.height) == (96, 72)
    assert gps_location(io.BytesIO(out.getvalue()), max_bytes=MAX_BYTES) is None
