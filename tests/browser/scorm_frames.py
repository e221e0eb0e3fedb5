"""Where a SCORM item's own page is in the player: the player frames the launch frame on the content
origin (#scorm-frame), which frames the item's launch page (#scorm-content)."""


def sco_frame(page):
    return page.frame_locator("#scorm-frame").frame_locator("#scorm-content")
