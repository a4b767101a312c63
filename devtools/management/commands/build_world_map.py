"""Turn world-atlas's Natural Earth TopoJSON into the insights map's SVG path data.

The portal never reads TopoJSON at run time: this writes `practices/world_map.json`, committed
with the code, holding for each country (ISO alpha-2) its outline as SVG path data in an Equal
Earth projection, and where a dot stands for it when it is too small to see. Run it again only
to change the map's geometry:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python manage.py build_world_map --atlas package

Outlines come from the 1:110m countries; the states that 1:110m leaves out (Malta, Singapore,
Tuvalu …) are placed by their centroid in the 1:50m countries, or the 1:10m ones. Natural
Earth is in the public domain; world-atlas is ISC-licensed (Mike Bostock).
"""

import csv
import json
import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Equal Earth (Šavrič, Patterson and Jenny, 2018): equal-area, so that a large country does not
# look larger than it is, which matters on a choropleth.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
WIDTH = 1000  # of the viewBox; the height follows from the shapes drawn
PAD = 4
# Shapes smaller than this, in square units of the viewBox, also get a dot.
DOT_BELOW_AREA = 30.0
MIN_STEP = 0.4  # points closer than this to the previous one are dropped
ANTARCTICA = 10


def equal_earth(longitude, latitude):
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, -y


def decode_arcs(topology):
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def rings_of(geometry, arcs):
    """Each polygon of a geometry as its list of rings of (longitude, latitude)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    result = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            points = []
            for index in ring:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                points.extend(arc if not points else arc[1:])
            rings.append(points)
        result.append(rings)
    return result


def cut_at_antimeridian(ring):
    """A ring that crosses 180° (Russia's far east, Fiji) as the rings on either side of it.

    Natural Earth leaves such rings whole, and a projection then draws them across the whole
    map. Each crossing ends a piece at the edge, on the latitude where it crosses, and starts
    the next on the other edge; the last piece joins the first, which it continues.
    """
    pieces = [[ring[0]]]
    crossed = False
    for (lon0, lat0), (lon1, lat1) in zip(ring, ring[1:], strict=False):
        if abs(lon1 - lon0) > 180:
            crossed = True
            edge = 180 if lon0 > 0 else -180
            # The longitudes unwrapped on the first point's side of the edge.
            unwrapped = lon1 + (360 if edge > 0 else -360)
            share = (edge - lon0) / (unwrapped - lon0) if unwrapped != lon0 else 0.5
            latitude = lat0 + (lat1 - lat0) * share
            pieces[-1].append((edge, latitude))
            pieces.append([(-edge, latitude)])
        pieces[-1].append((lon1, lat1))
    if not crossed:
        return [ring]
    if len(pieces) > 1:
        pieces[0] = pieces.pop() + pieces[0][1:]
    return [piece for piece in pieces if len(piece) >= 3]


def _cut_polygon(polygon):
    """A polygon as one or more polygons none of which crosses 180°: an outer ring that
    crosses becomes one polygon per piece (holes stay with an outer ring that does not)."""
    outer, *holes = polygon
    pieces = cut_at_antimeridian(outer)
    if len(pieces) == 1:
        return [[pieces[0], *holes]]
    return [[piece] for piece in pieces]


def area_and_centroid(ring):
    """Signed area and centroid of a projected ring (shoelace)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return area, (cx / (6 * area), cy / (6 * area))


def path_data(rings):
    """SVG path data, absolute first point then relative moves, in tenths of a unit."""
    parts = []
    for ring in rings:
        kept = []
        for x, y in ring:
            point = (round(x * 10), round(y * 10))
            if kept and math.dist(point, kept[-1]) < MIN_STEP * 10:
                continue
            kept.append(point)
        if len(kept) < 3:
            continue
        (x0, y0), steps = kept[0], []
        previous = kept[0]
        for point in kept[1:]:
            steps.append(f"{_n(point[0] - previous[0])} {_n(point[1] - previous[1])}")
            previous = point
        parts.append(f"M{_n(x0)} {_n(y0)}l" + " ".join(steps) + "z")
    return "".join(parts)


def _n(tenths):
    return f"{tenths / 10:g}"


class Command(BaseCommand):
    help = "Write practices/world_map.json from world-atlas's TopoJSON (see the module)."

    def add_arguments(self, parser):
        parser.add_argument("--atlas", required=True, help="The unpacked world-atlas package.")
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "practices" / "world_map.json")
        )

    def handle(self, *args, atlas, output, **options):
        folder = Path(atlas)
        try:
            coarse = json.loads((folder / "countries-110m.json").read_text())
            finer = [
                json.loads((folder / f"countries-{scale}.json").read_text())
                for scale in ("50m", "10m")
            ]
        except OSError as error:
            raise CommandError(f"Cannot read world-atlas in {folder}: {error}") from error
        fixtures = Path(settings.BASE_DIR) / "pfp" / "fixtures"
        with (fixtures / "countries_m49.csv").open(encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        with (fixtures / "un_observer_states.csv").open(encoding="utf-8") as file:
            observers = {row["iso2"] for row in csv.DictReader(file)}
        code_of = {int(row["m49"]): row["iso2"] for row in rows if row["m49"].isdigit()}
        states = {row["iso2"] for row in rows if row["un_member"] == "yes"} | observers

        projected = {}  # code -> list of polygons (rings of projected points)
        unnamed = []
        sources = [(coarse, False), *((topology, True) for topology in finer)]
        for topology, only_missing in sources:
            arcs = decode_arcs(topology)
            for geometry in topology["objects"]["countries"]["geometries"]:
                number = int(geometry["id"]) if str(geometry.get("id", "")).isdigit() else None
                if number == ANTARCTICA:
                    continue
                code = code_of.get(number)
                if only_missing and (code is None or code in projected):
                    continue
                polygons = [
                    [[equal_earth(lon, lat) for lon, lat in piece] for piece in cut]
                    for polygon in rings_of(geometry, arcs)
                    for cut in _cut_polygon(polygon)
                ]
                if code is None:
                    unnamed.append(polygons)
                else:
                    projected[code] = (polygons, only_missing)

        everything = [
            point
            for polygons in [p for p, _fine in projected.values()] + unnamed
            for polygon in polygons
            for ring in polygon
            for point in ring
        ]
        xs = [x for x, _y in everything]
        ys = [y for _x, y in everything]
        scale = (WIDTH - 2 * PAD) / (max(xs) - min(xs))
        left, top = min(xs), min(ys)
        height = math.ceil((max(ys) - top) * scale + 2 * PAD)

        def to_view(polygons):
            return [
                [
                    [((x - left) * scale + PAD, (y - top) * scale + PAD) for x, y in ring]
                    for ring in p
                ]
                for p in polygons
            ]

        countries = {}
        for code, (polygons, from_fine) in sorted(projected.items()):
            polygons = to_view(polygons)
            measured = [area_and_centroid(polygon[0]) for polygon in polygons if polygon]
            total = sum(abs(area) for area, _c in measured)
            _area, (cx, cy) = max(measured, key=lambda m: abs(m[0]))
            entry = {"state": code in states}
            if not from_fine:
                entry["d"] = path_data([ring for polygon in polygons for ring in polygon])
            if from_fine or total < DOT_BELOW_AREA:
                entry["dot"] = [round(cx, 1), round(cy, 1)]
            countries[code] = entry
        land = "".join(
            path_data([ring for polygon in to_view(p) for ring in polygon]) for p in unnamed
        )
        missing = sorted(states - set(countries))
        document = {
            "source": "Natural Earth (public domain) via world-atlas 2.0.2 (ISC, Mike Bostock); "
            "Equal Earth projection; written by manage.py build_world_map",
            "width": WIDTH,
            "height": height,
            "countries": countries,
            "land": land,
        }
        Path(output).write_text(json.dumps(document, separators=(",", ":"), sort_keys=True))
        self.stdout.write(
            f"Wrote {output}: {len(countries)} countries "
            f"({sum('dot' in c for c in countries.values())} with a dot), "
            f"{Path(output).stat().st_size:,} bytes. States not on the map: "
            f"{', '.join(missing) or 'none'}."
        )
