"""What the player may offer next: the answers to ``adl.nav.request_valid.*`` and the targets of
the navigation buttons, for one launched item.

``flow_navigation`` is the answer without sequencing rules (the package's items in manifest
order, every launchable item open to choice): what SCORM 1.2 and a SCORM 2004 package with no
sequencing get. A sequencing engine answers with the same ``Navigation`` shape, so the player
and ``scorm-api.js`` do not change when rules decide instead of the order.
"""

from dataclasses import dataclass, field

TRUE, FALSE, UNKNOWN = "true", "false", "unknown"


@dataclass(frozen=True)
class Navigation:
    previous: str | None  # identifier of the item "previous" leads to, None when not allowed
    next: str | None  # the same for "continue"
    choice: dict[str, str] = field(default_factory=dict)  # identifier → "true" / "false"
    jump: dict[str, str] = field(default_factory=dict)

    def request_valid(self) -> dict:
        """The values of adl.nav.request_valid.* as the run-time answers them."""
        return {
            "continue": TRUE if self.next else FALSE,
            "previous": TRUE if self.previous else FALSE,
            "choice": dict(self.choice), "jump": dict(self.jump),
        }


def flow_navigation(*, identifiers: list[str], current: str) -> Navigation:
    """Navigation among ``identifiers`` (the launchable items in order) from ``current``."""
    position = identifiers.index(current) if current in identifiers else -1
    previous = identifiers[position - 1] if position > 0 else None
    following = identifiers[position + 1] if 0 <= position < len(identifiers) - 1 else None
    return Navigation(
        previous=previous, next=following,
        choice={identifier: TRUE for identifier in identifiers},
        jump={identifier: TRUE for identifier in identifiers},
    )
