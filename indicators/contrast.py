"""WCAG 2.1 colour contrast: relative luminance, contrast ratio, and the readable text colour
on a background.

The band badges of a framework's own bands take their background from `Band.color`, which
anyone who edits a framework may set; their text colour is chosen here so that it stays
readable (success criterion 1.4.3 asks 4.5:1 for text). `tests/cchc/test_contrast.py` uses
the same arithmetic on the stylesheet's colours.
"""

import re

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# Text colours a badge may take. Black rather than a softer dark grey: with pure black and
# white, one of the two reaches 4.58:1 on any background (with #1f2328 only 3.97:1).
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#000000"


def _channels(color: str) -> tuple[int, int, int]:
    if not HEX_COLOR.fullmatch(color):
        raise ValueError(f"not a #rgb or #rrggbb colour: {color!r}")
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written #rgb or #rrggbb."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """From 1 (same colour) to 21 (black on white); the order of the two does not matter."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def text_color_on(background: str) -> str:
    """White or black text, whichever contrasts more with `background` (at least 4.58:1)."""
    light = contrast_ratio(LIGHT_TEXT, background)
    dark = contrast_ratio(DARK_TEXT, background)
    return LIGHT_TEXT if light >= dark else DARK_TEXT
