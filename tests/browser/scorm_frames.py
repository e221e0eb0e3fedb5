"""Where a SCORM item's own page is in the player: the player frames the launch frame on the content
origin (#scorm-frame), which frames the item's launch page (#scorm-content)."""


def sco_frame(page):
    return page.frame_locator("#scorm-frame").frame_locator("#scorm-content")


def by_link_or_button(page, label: str):
    """The course page's start and the player's exit: links, or buttons that ask the server when the
    package has SCORM 2004 sequencing."""
    return page.get_by_role("link", name=label).or_(page.get_by_role("button", name=label))
