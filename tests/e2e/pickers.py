"""Choosing in a picker (templates/workspace/_filter_box.html) as a keyboard user does."""


def pick(page, list_id, typed, choice):
    """Type in the picker of `list_id`, Down arrow to the first match, which must be `choice`,
    and select it with Space; the picker's chip then shows it."""
    box = page.locator(f"#{list_id}-options-filter")
    box.focus()
    page.keyboard.press("Escape")  # close the list if open
    page.keyboard.press("Escape")  # and clear what was typed
    page.keyboard.type(typed)
    page.keyboard.press("ArrowDown")
    active = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
    assert active.inner_text().startswith(choice), active.inner_text()
    page.keyboard.press("Space")
    assert active.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
