"""The colours every debatekit view shares, without Altair (the widgets use them too).

Okabe & Ito's eight colours are distinguishable with the common colour-vision deficiencies;
colour is never the only channel (charts add a shape or a dash, the argument card a label).
"""

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#8C8C8C"
#: colours for sides in the debate's order (relations use green/vermillion, so sides avoid them)
SIDE_COLORS = ["#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


def side_color(position: int) -> str:
    """The colour of the side at ``position`` in the debate's order (cycling)."""
    return SIDE_COLORS[position % len(SIDE_COLORS)]
