"""The municipality's look: its profile (logo, colours, font, contact details) as CSS over the
NL Design System tokens, and the checks that keep what a beheerder enters safe and readable."""

from __future__ import annotations

import io
import re

from django.core.cache import cache
from django.core.exceptions import ValidationError

PROFILE_CACHE_KEY = "kcc:core:municipality-profile"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Font names and generic families only: the value is written into a stylesheet.
FONT_FAMILY = re.compile(r'^\s*(?:"[\w \-]+"|[\w\-]+(?: [\w\-]+)*)(?:\s*,\s*(?:"[\w \-]+"|[\w\-]+(?: [\w\-]+)*))*\s*$')
WCAG_AA_TEXT = 4.5
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_HEIGHT = 160


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_colour_under_white_text(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Geef de kleur als # met zes tekens 0-9 of a-f, bijvoorbeeld #154273.")
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < WCAG_AA_TEXT:
        raise ValidationError(
            f"Witte tekst op deze kleur is slecht leesbaar (contrast {ratio:.1f}:1, minimaal 4,5:1 nodig). "
            "Kies een donkerder kleur."
        )


def validate_font_family(value: str) -> None:
    if not FONT_FAMILY.match(value or ""):
        raise ValidationError(
            'Geef lettertypen gescheiden door komma\'s, namen met spaties tussen "dubbele aanhalingstekens", '
            'bijvoorbeeld: "Fira Sans", Arial, sans-serif.'
        )


def normalised_logo(upload) -> bytes:
    """The uploaded image redrawn as a PNG of at most LOGO_MAX_HEIGHT pixels high; what is not a
    readable PNG, JPEG or WebP image is refused (no SVG: it could carry script)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError("Het logo is groter dan 2 MB. Kies een kleiner bestand.")
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in {"PNG", "JPEG", "WEBP"}:
            raise ValidationError("Het logo moet een PNG-, JPEG- of WebP-afbeelding zijn.")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        message = "Dit bestand is geen leesbare afbeelding. Kies een PNG-, JPEG- of WebP-bestand."
        raise ValidationError(message) from error
    image = image.convert("RGBA")
    if image.height > LOGO_MAX_HEIGHT:
        image = image.resize((max(1, round(image.width * LOGO_MAX_HEIGHT / image.height)), LOGO_MAX_HEIGHT))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def profile():
    """The municipality profile (made with the defaults on first use), cached until it is saved."""
    found = cache.get(PROFILE_CACHE_KEY)
    if found is None:
        from kcc.core.models import MunicipalityProfile

        found, _ = MunicipalityProfile.objects.get_or_create(pk=MunicipalityProfile.SINGLETON_PK)
        cache.set(PROFILE_CACHE_KEY, found, 3600)
    return found


def forget_profile() -> None:
    cache.delete(PROFILE_CACHE_KEY)


def _mix_with_white(colour: str, share: float) -> str:
    """``colour`` with ``share`` of white mixed in: a light tint for table heads and hover states."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in channels)


def theme_css(current) -> str:
    """CSS custom properties of the municipality over the NL Design System 'voorbeeld' theme."""
    primary, accent, font = current.primary_colour, current.accent_colour, current.font_family
    tokens = {
        "--kcc-primary": primary,
        "--kcc-primary-light": _mix_with_white(primary, 0.88),
        "--kcc-accent": accent,
        "--kcc-font-family": font,
        "--basis-text-font-family-default": font,
        "--basis-heading-font-family": font,
        "--basis-heading-color": primary,
    }
    for state in ("default", "hover", "active"):
        tokens[f"--basis-color-action-1-inverse-bg-{state}"] = primary
        tokens[f"--basis-color-action-1-color-{state}"] = primary
        tokens[f"--basis-color-action-1-border-{state}"] = primary
        tokens[f"--basis-color-action-2-color-{state}"] = primary
    body = "".join(f"  {name}: {value};\n" for name, value in tokens.items())
    return f".kcc-theme {{\n{body}}}\n"


def logo_css(current, url: str) -> str:
    """The header's logo box at the stored logo's aspect ratio, 2.5rem high."""
    from PIL import Image

    with Image.open(io.BytesIO(bytes(current.logo))) as image:
        width = 2.5 * image.width / image.height
    return (
        f".brand-logo {{ background-image: url('{url}?v={current.updated_at.timestamp():.0f}'); "
        f"width: {width:.2f}rem; }}\n"
    )


def contact_line(current=None) -> str:
    """The municipality's contact details on one line, for letterheads: address · phone · website."""
    current = current or profile()
    address = ", ".join(line.strip() for line in current.address.splitlines() if line.strip())
    website = current.website.removeprefix("https://").removeprefix("http://").rstrip("/")
    return " · ".join(part for part in (address, f"telefoon {current.phone}", website) if part)
