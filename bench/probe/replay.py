"""The replay: every finding, in the order and under the three servers the probe used."""

from __future__ import annotations

import sys

from bench.probe.access import AccessFindings
from bench.probe.audit import AuditFindings
from bench.probe.limits import LimitFindings
from bench.probe.output import OutputFindings
from bench.probe.plumbing import Plumbing
from bench.probe.third import ThirdFindings


class Replay(Plumbing, AccessFindings, AuditFindings, LimitFindings, OutputFindings, ThirdFindings):
    """All findings; `run` replays them."""

    def run(self) -> None:
        self.setup()
        print(f"scratch Neo4j {self.env['NEO4J_URI']}, home {self.home}", file=sys.stderr)
        self.add("19", "names and titles like =cmd|' /C calc'!A0", "n/a", "not replayed: informational, no CSV "
                 "export in the tool (no sink)", "not replayed")
        self.start()
        try:
            for name, step in [("16", self.f16_headers), ("3", self.f3_lookup_oracle), ("17", self.f17_requests),
                               ("5", self.f5_analysts_cypher), ("12", self.f12_relatives), ("13", self.f13_range), ("10", self.f10_markup),
                               ("2", self.f2_audit_stopped), ("1", self.f1_foreign_rows),
                               ("6", self.f6_existence_oracle), ("18", self.f18_cross_case),
                               ("4", self.f4_global_index), ("9", self.f9_many_errors), ("14", self.f14_malformed),
                               ("15", self.f15_lengths), ("11", self.f11_cut_tail),
                               # The third probe (issue 24), with other names, ids and files than its own.
                               ("p3-1", self.p3_ftm_collision), ("p3-2", self.p3_timeline_markup),
                               ("p3-3", self.p3_match_oracle), ("p3-4", self.p3_web_echo),
                               ("p3-5", self.p3_ftm_export), ("p3-6", self.p3_real_id), ("p3-8", self.p3_pdf_bound),
                               ("p3-9", self.p3_zip_members), ("p3-10", self.p3_login_csrf),
                               ("p3-11", self.p3_hide_replay), ("p3-12", self.p3_index_statistics),
                               ("p3-13", self.p3_child_keys), ("p3-14", self.p3_cli_user),
                               ("p3-15", self.p3_malformed_ftm), ("p3-P", self.p3_policies)]:
                self.run_step(name, step)
        finally:
            self.stop()
        self.run_step("11", self.f11_torn_tail)
        self.start(THBGRAPH_CYPHER_TIMEOUT_S="2")
        try:
            self.run_step("11", self.f11_after_restart)
            self.run_step("8", lambda: self.f8_reduce(2.0))
        finally:
            self.stop()
        self.start(THBGRAPH_AUDIT_LOG="/dev/full")
        try:
            self.run_step("7", self.f7_disk_full)
            self.run_step("p3-7", self.p3_audit_first)
        finally:
            self.stop()
        self.run_step("17", self.f17_logs)  # the logs of all three servers, the files they left
