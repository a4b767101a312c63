"""Reading the UN M49 hierarchy: its areas in an order that reads well, and the names a
country is known by through the areas it lies in."""

from .models import Country, Region


def in_hierarchy_order(regions):
    """Each area followed by its parts, depth first, siblings by position: Africa, Northern
    Africa, Sub-Saharan Africa, Eastern Africa … Western Africa, Americas …"""
    regions = list(regions)
    present = {region.pk for region in regions}
    parts = {}
    for region in regions:
        parent = region.parent_id if region.parent_id in present else None
        parts.setdefault(parent, []).append(region)
    ordered = []

    def walk(parent):
        for region in sorted(parts.get(parent, []), key=lambda r: (r.position, r.name)):
            ordered.append(region)
            walk(region.pk)

    walk(None)
    return ordered


def subregions_in_order():
    """The sub-regions and intermediate regions, each intermediate region after its
    sub-region, grouped by region."""
    ordered = in_hierarchy_order(Region.objects.all())
    return [region for region in ordered if region.level != Region.Level.REGION]


def region_names_by_country():
    """{country id: names of its region, sub-region and intermediate region, with their
    informal names}: what a search for "West Africa" should find a practice of Ghana by."""
    regions = {region.pk: region for region in Region.objects.all()}
    names = {}
    for country_id, region_name, *area_ids in Country.objects.values_list(
        "pk", "region", "m49_subregion", "m49_intermediate_region"
    ):
        areas = [regions[pk] for pk in area_ids if pk in regions]
        if areas and areas[0].parent_id in regions:
            areas.insert(0, regions[areas[0].parent_id])
        found = [region_name] if region_name else []
        for area in areas:
            found.extend([area.name, *area.alias_list])
        names[country_id] = list(dict.fromkeys(found))
    return names
