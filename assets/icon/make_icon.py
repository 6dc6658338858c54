#!/usr/bin/env python3
"""Make Satlas's application icon: satlas.png (256 px, the window's icon and the installers'),
satlas.ico (16 to 256 px, the Windows executable's) and the smaller PNGs the packagers take.

The picture: five bars in the saturation bands' colours (src/palette.rs), from under-loaded to
overloaded, under a dark line at full saturation, on a white rounded square. Each size is drawn
on its own grid rather than scaled down, so the 16 px icon keeps whole-pixel bars.
Requires Pillow (pip install pillow==13.0.0).

    python3 assets/icon/make_icon.py
"""
import os

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))

# The bands, from severely under-loaded to severely overloaded (src/palette.rs, `band`).
BANDS = [(33, 102, 172), (103, 169, 207), (26, 152, 80), (244, 165, 80), (202, 0, 32)]
# Each bar's height as a share of the line at full saturation.
HEIGHTS = [0.45, 0.62, 0.95, 1.12, 1.3]
LINE = (40, 40, 40)
FRAME = (200, 205, 212)


def draw(size: int) -> Image.Image:
    # Draw at 4x and reduce: smooth corners, and bars still land on whole pixels.
    scale = 4
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = max(1, round(size / 32)) * scale
    radius = round(s * 0.18)
    d.rounded_rectangle([margin, margin, s - margin - 1, s - margin - 1], radius, fill="white",
                        outline=FRAME, width=max(scale, round(s / 64)))
    inner_left = s * 0.17
    inner_right = s * 0.83
    base = s * 0.82
    full = s * 0.42  # the height of full saturation
    slot = (inner_right - inner_left) / len(BANDS)
    gap = max(scale, slot * 0.18)
    for i, (colour, share) in enumerate(zip(BANDS, HEIGHTS)):
        left = inner_left + i * slot + gap / 2
        right = inner_left + (i + 1) * slot - gap / 2
        d.rectangle([left, base - full * share, right, base], fill=colour)
    line_y = base - full
    thickness = max(scale, round(s / 40))
    d.rectangle([s * 0.12, line_y - thickness / 2, s * 0.88, line_y + thickness / 2], fill=LINE)
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    sizes = [16, 24, 32, 48, 64, 128, 256]
    images = {size: draw(size) for size in sizes}
    images[256].save(os.path.join(HERE, "satlas.png"))
    for size in (32, 128):
        images[size].save(os.path.join(HERE, f"satlas_{size}.png"))
    images[256].save(os.path.join(HERE, "satlas.ico"), sizes=[(n, n) for n in sizes],
                     append_images=[images[n] for n in sizes[:-1]])


if __name__ == "__main__":
    main()
