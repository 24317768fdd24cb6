"""A cycle through group membership is a cycle: a group that leads, through other elements,
to one of its own members (PT410). Checked on a copy of the shipped theory."""

from __future__ import annotations

from text_support import REPO, copy_project, replace_once

from programtheory import read_project

NODES = """nodes:
  - id: test_member
    kind: outcome
    label: {nl: lid van de groep}
    levels: [client]
    term: short
  - id: test_outside
    kind: outcome
    label: {nl: buiten de groep}
    levels: [client]
    term: short
"""
GROUP = """groups:
  - id: test_group
    label: {nl: testgroep}
    members: [test_member]
"""
LINKS = """links:
  - id: TX1
    from: test_group
    to: test_outside
    kind: leads_to
    status: implied
  - id: TX2
    from: test_outside
    to: test_member
    kind: leads_to
    status: implied
"""


def test_a_group_leading_to_its_own_member_is_a_cycle(tmp_path):
    assert not [f for f in read_project(REPO).findings if f.code in ("PT403", "PT410")]
    project = copy_project(tmp_path / "p")
    version = project / "theory/versions/revised.yaml"
    replace_once(version, "nodes:\n", NODES)
    replace_once(version, "groups:\n", GROUP)
    replace_once(version, "links:\n", LINKS)
    findings = read_project(project).findings
    assert not [f for f in findings if f.code == "PT403"]  # no cycle of links alone
    cycles = [f for f in findings if f.code == "PT410"]
    assert len(cycles) == 1
    assert "test_group -> test_outside -> test_member -> test_group" in cycles[0].message
    assert cycles[0].file == "theory/versions/revised.yaml" and cycles[0].line > 0
