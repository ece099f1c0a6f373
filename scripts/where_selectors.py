"""Wrap every selector of a stylesheet in :where(...) so it has no specificity.

Utrecht's styles for plain HTML elements (``.utrecht-html button`` ...) would otherwise outrank
KCC's own class rules (``.inline-form``, ``.header-search``); with zero specificity they style what
nothing else styles and step back where a page says more. Pseudo-elements stay outside :where().
Usage: python3 scripts/where_selectors.py < in.css > out.css
"""

import re
import sys


def _split_top_level(prelude: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _wrap(selector: str) -> str:
    selector = " ".join(selector.split())
    base, pseudo, element = selector.partition("::")
    return f":where({base}){pseudo}{element}" if base else selector


def transform(css: str) -> str:
    """The licence comment at the top is kept; other comments are dropped."""
    licence, _, rest = css.partition("*/")
    css = re.sub(r"/\*.*?\*/", "", rest, flags=re.S)

    def rule(match: re.Match[str]) -> str:
        prelude = match.group(1)
        if prelude.lstrip().startswith("@") or "utrecht-html" not in prelude:
            return match.group(0)
        return ",\n".join(_wrap(part) for part in _split_top_level(prelude)) + " {"

    return licence + "*/\n" + re.sub(r"(?m)^([^@{}][^{}]*?)\s*\{", rule, css)


if __name__ == "__main__":
    sys.stdout.write(transform(sys.stdin.read()))
