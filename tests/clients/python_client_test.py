#!/usr/bin/python3
"""besluitlogd as client apps in other languages meet it: over real gRPC from
Python (Debian's python3-grpcio), against a real besluitlogd on an ephemeral
port with its data in a temporary folder.

- gRPC's standard health service answers without a token: SERVING while the
  server serves, NOT_SERVING as soon as it begins to stop, and NOT_SERVING
  for the GovernanceService (which only writes) while the ledger is damaged.
- Server reflection answers without a token and describes the services, as
  grpcurl and Postman need; every other call still needs a token.
- The example client of docs/clients.md (tools/examples/record_meeting.py)
  records a meeting with its own tokens and reads the decision back; the
  listing in docs/clients.md is that file, byte for byte.

    python_client_test.py --besluitlogd B --ledgerctl L --source_dir S [unittest args]
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

MISSING = []
try:
    import grpc
except ImportError:
    MISSING.append("python3-grpcio")
try:
    from grpc_tools import protoc
except ImportError:
    MISSING.append("python3-grpc-tools")
try:
    from google.protobuf import descriptor_pb2
except ImportError:
    MISSING.append("python3-protobuf")

ARGS = None
DEADLINE_SECONDS = 120  # Generous: a loaded 2-core machine.


def generate_stubs(out_dir):
    """Python stubs for proto/ and for the two standard services' test protos."""
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    proto_dir = os.path.join(ARGS.source_dir, "proto")
    test_dir = os.path.join(ARGS.source_dir, "tests", "clients")
    protos = [os.path.join(proto_dir, "besluitlog", "v1", name)
              for name in sorted(os.listdir(os.path.join(proto_dir, "besluitlog", "v1")))]
    protos += [os.path.join(test_dir, name) for name in ("health_v1.proto",
                                                          "reflection_v1alpha.proto")]
    rc = protoc.main(["grpc_tools.protoc", f"-I{proto_dir}", f"-I{test_dir}", f"-I{well_known}",
                      f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"] + protos)
    if rc != 0:
        raise RuntimeError("grpc_tools.protoc failed")
    sys.path.insert(0, out_dir)


class Server:
    """A besluitlogd child process on a port it picks itself."""

    def __init__(self, data_dir, scratch, flags=()):
        self.data_dir = data_dir
        self.port_file = os.path.join(scratch, "port")
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        self.log_path = os.path.join(scratch, "besluitlogd.log")
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [ARGS.besluitlogd, "--listen=127.0.0.1:0", f"--data_dir={data_dir}",
             f"--port_file={self.port_file}", *flags],
            stdout=self.log, stderr=self.log)
        self.address = self._wait_for_address()
        self.channel = grpc.insecure_channel(self.address)
        grpc.channel_ready_future(self.channel).result(timeout=DEADLINE_SECONDS)

    def _wait_for_address(self):
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            try:
                with open(self.port_file, encoding="ascii") as f:
                    return f"127.0.0.1:{int(f.read())}"
            except (FileNotFoundError, ValueError):
                pass
            if self.process.poll() is not None:
                raise AssertionError(f"besluitlogd ended ({self.process.returncode}):\n"
                                     + self.output())
            time.sleep(0.02)  # Polling a file, not syncing.
        raise AssertionError("besluitlogd wrote no port file in time:\n" + self.output())

    def output(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def admin_token_file(self):
        return os.path.join(self.data_dir, "admin.token")

    def admin_token(self):
        with open(self.admin_token_file(), encoding="ascii") as f:
            return f.read().strip()

    def add_token(self, name, role, scratch):
        """`ledgerctl token add`, as docs/security.md says; returns the file holding it."""
        path = os.path.join(scratch, f"{name}.token")
        with open(path, "wb") as out:
            subprocess.run([ARGS.ledgerctl, "token", "add", name, f"--role={role}",
                            f"--data_dir={self.data_dir}"], stdout=out, stderr=subprocess.PIPE, check=True,
                           timeout=DEADLINE_SECONDS)
        return path

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` and returns the exit code (bounded wait)."""
        self.channel.close()
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=DEADLINE_SECONDS)
        finally:
            self.log.close()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


def health_status(channel, service=""):
    from health_v1_pb2 import HealthCheckRequest, HealthCheckResponse
    from health_v1_pb2_grpc import HealthStub
    response = HealthStub(channel).Check(HealthCheckRequest(service=service),
                                         timeout=DEADLINE_SECONDS)  # No token.
    return HealthCheckResponse.ServingStatus.Name(response.status)


def reflection(channel, requests):
    """The answers of one reflection stream to `requests`, sent without a token."""
    from reflection_v1alpha_pb2_grpc import ServerReflectionStub
    return list(ServerReflectionStub(channel).ServerReflectionInfo(
        iter(requests), timeout=DEADLINE_SECONDS))


class StandardServicesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.mkdtemp(prefix="python_client_test.")
        cls.server = Server(os.path.join(cls.scratch, "data"), cls.scratch)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        shutil.rmtree(cls.scratch, ignore_errors=True)
        assert code == 0, f"besluitlogd exited {code}"

    def test_health_answers_without_a_token(self):
        self.assertEqual(health_status(self.server.channel), "SERVING")
        for service in ("besluitlog.v1.LedgerService", "besluitlog.v1.GovernanceService",
                        "besluitlog.v1.QueryService", "besluitlog.v1.AuditService",
                        "besluitlog.v1.AdminService"):
            self.assertEqual(health_status(self.server.channel, service), "SERVING", service)
        with self.assertRaises(grpc.RpcError) as unknown:
            health_status(self.server.channel, "besluitlog.v1.NoSuchService")
        self.assertEqual(unknown.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_reflection_lists_and_describes_the_services_without_a_token(self):
        from reflection_v1alpha_pb2 import ServerReflectionRequest
        listed, described = reflection(self.server.channel, [
            ServerReflectionRequest(list_services=""),
            ServerReflectionRequest(file_containing_symbol="besluitlog.v1.GovernanceService"),
        ])
        names = {service.name for service in listed.list_services_response.service}
        for service in ("besluitlog.v1.GovernanceService", "besluitlog.v1.QueryService",
                        "besluitlog.v1.LedgerService", "besluitlog.v1.AuditService",
                        "besluitlog.v1.AdminService", "grpc.health.v1.Health"):
            self.assertIn(service, names)
        self.assertEqual(described.WhichOneof("message_response"), "file_descriptor_response",
                         described)
        files = {}
        for serialized in described.file_descriptor_response.file_descriptor_proto:
            file = descriptor_pb2.FileDescriptorProto.FromString(serialized)
            files[file.name] = file
        # The file and what it imports: enough for grpcurl to build requests.
        self.assertIn("besluitlog/v1/event.proto", files)
        governance = files["besluitlog/v1/governance.proto"]
        [service] = [s for s in governance.service if s.name == "GovernanceService"]
        [execute] = service.method
        self.assertEqual((execute.name, execute.input_type, execute.output_type),
                         ("Execute", ".besluitlog.v1.GovernanceCommand",
                          ".besluitlog.v1.CommandResult"))

    def test_every_other_call_still_needs_a_token(self):
        from besluitlog.v1 import governance_pb2, governance_pb2_grpc, query_pb2, query_pb2_grpc
        with self.assertRaises(grpc.RpcError) as refused:
            governance_pb2_grpc.GovernanceServiceStub(self.server.channel).Execute(
                governance_pb2.GovernanceCommand(
                    open_meeting=governance_pb2.OpenMeeting(meeting_id="m")),
                timeout=DEADLINE_SECONDS)
        self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        with self.assertRaises(grpc.RpcError) as refused:
            query_pb2_grpc.QueryServiceStub(self.server.channel).GetProposal(
                query_pb2.GetProposalRequest(proposal_id="p"), timeout=DEADLINE_SECONDS)
        self.assertEqual(refused.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_the_example_client_records_a_meeting_and_reads_the_decision(self):
        tokens = {name: self.server.add_token(name, role, self.scratch) for name, role in
                  (("griffie", "secretariaat"), ("lid-1", "member"), ("lid-2", "member"),
                   ("lid-3", "member"))}
        example = os.path.join(ARGS.source_dir, "tools", "examples", "record_meeting.py")
        run = subprocess.run(
            [sys.executable, example, "--server", self.server.address,
             "--admin_token_file", self.server.admin_token_file(),
             "--token_file", tokens["griffie"],
             *[arg for member in ("lid-1", "lid-2", "lid-3")
               for arg in ("--member", f"{member}={tokens[member]}")],
             "--against", "lid-3", "--run_id", "test"],
            capture_output=True, text=True, timeout=DEADLINE_SECONDS)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("proposal kpi-test (Kritieke prestatie-indicatoren 2026): DECIDED",
                      run.stdout)
        self.assertRegex(run.stdout, re.escape(
            "point 1 \"De KPI's voor 2026 vaststellen\": ADOPTED in voorbeeld-test-1: "
            "for 2, against 1, abstentions 0; 3 of 3 voting members present"))

        # Each act was recorded as the identity whose token made it.
        from besluitlog.v1 import query_pb2, query_pb2_grpc
        admin = self.server.admin_token()
        query = query_pb2_grpc.QueryServiceStub(self.server.channel)
        acts = query.SearchActs(query_pb2.SearchActsRequest(body_id="voorbeeld-test"),
                                timeout=DEADLINE_SECONDS,
                                metadata=(("authorization", "Bearer " + admin),)).acts
        actors = {(act.event_type, act.actor) for act in acts}
        for expected in (("BodyEstablished", "admin"), ("MeetingOpened", "griffie"),
                         ("VoteCast", "lid-1"), ("VoteCast", "lid-3"),
                         ("DecisionTaken", "griffie")):
            self.assertIn(expected, actors)

        # A second run with the same ids is refused, and says why.
        again = subprocess.run(
            [sys.executable, example, "--server", self.server.address,
             "--admin_token_file", self.server.admin_token_file(),
             "--token_file", tokens["griffie"], "--member", f"lid-1={tokens['lid-1']}",
             "--run_id", "test"],
            capture_output=True, text=True, timeout=DEADLINE_SECONDS)
        self.assertEqual(again.returncode, 1, again.stdout + again.stderr)
        self.assertIn("establish body voorbeeld-test: ", again.stderr)

        # A token without TLS goes to loopback addresses only.
        elsewhere = subprocess.run(
            [sys.executable, example, "--server", "192.0.2.1:50051",
             "--admin_token_file", self.server.admin_token_file(),
             "--token_file", tokens["griffie"], "--member", f"lid-1={tokens['lid-1']}"],
            capture_output=True, text=True, timeout=DEADLINE_SECONDS)
        self.assertEqual(elsewhere.returncode, 2, elsewhere.stdout + elsewhere.stderr)
        self.assertIn("only sent without TLS to a loopback address", elsewhere.stderr)

    def test_the_listing_in_docs_clients_md_is_the_example_file(self):
        with open(os.path.join(ARGS.source_dir, "docs", "clients.md"), encoding="utf-8") as f:
            doc = f.read()
        with open(os.path.join(ARGS.source_dir, "tools", "examples", "record_meeting.py"),
                  encoding="utf-8") as f:
            code = f.read()
        listing = re.search(r"<!-- listing: tools/examples/record_meeting.py -->\n```python\n"
                            r"(.*?)```\n", doc, re.DOTALL)
        self.assertIsNotNone(listing, "docs/clients.md shows no listing of the example")
        self.assertEqual(listing.group(1), code,
                         "docs/clients.md must show tools/examples/record_meeting.py as it is")


class ShutdownTest(unittest.TestCase):

    def test_health_says_not_serving_while_the_server_drains(self):
        from besluitlog.v1 import query_pb2, query_pb2_grpc
        from health_v1_pb2 import HealthCheckRequest
        from health_v1_pb2_grpc import HealthStub
        scratch = tempfile.mkdtemp(prefix="python_client_test.")
        self.addCleanup(shutil.rmtree, scratch, True)
        server = Server(os.path.join(scratch, "data"), scratch, ["--shutdown_grace=600s"])
        self.addCleanup(server.kill)
        self.assertEqual(health_status(server.channel), "SERVING")
        # A watcher (as gRPC clients' own health checking opens) must not hold
        # the stop up; it hears NOT_SERVING or the end of its stream.
        # No deadline: the stop must end it, not the client.
        watch = HealthStub(server.channel).Watch(HealthCheckRequest(service=""))
        self.assertEqual(next(watch).status, 1)  # SERVING
        # A read that waits (for a position never written): the stop ends it
        # at once with UNAVAILABLE instead of waiting out its deadline.
        admin = server.admin_token()
        pending = query_pb2_grpc.QueryServiceStub(server.channel).GetProposal.future(
            query_pb2.GetProposalRequest(
                proposal_id="p", consistency=query_pb2.Consistency(min_position=10**9)),
            timeout=15, metadata=(("authorization", "Bearer " + admin),))
        # Calls of one method are taken in the order they arrive: once a
        # later read on the same connection is answered, the waiting one is
        # in flight.
        with self.assertRaises(grpc.RpcError) as absent:
            query_pb2_grpc.QueryServiceStub(server.channel).GetProposal(
                query_pb2.GetProposalRequest(proposal_id="absent"), timeout=DEADLINE_SECONDS,
                metadata=(("authorization", "Bearer " + admin),))
        self.assertEqual(absent.exception.code(), grpc.StatusCode.NOT_FOUND)
        self.assertFalse(pending.done())
        server.process.send_signal(signal.SIGTERM)
        # Until it has stopped, health says NOT_SERVING, never SERVING again.
        deadline = time.monotonic() + DEADLINE_SECONDS
        seen = "SERVING"
        while seen == "SERVING" and time.monotonic() < deadline:
            try:
                seen = health_status(server.channel)
            except grpc.RpcError as gone:
                self.assertEqual(gone.code(), grpc.StatusCode.UNAVAILABLE)
                seen = "STOPPED"
        self.assertIn(seen, ("NOT_SERVING", "STOPPED"))
        self.assertEqual(pending.exception(timeout=DEADLINE_SECONDS).code(),
                         grpc.StatusCode.UNAVAILABLE)
        # Neither the watcher nor the waiting read held the stop up: with a
        # 600 s grace, the server ends at once.
        self.assertEqual(server.process.wait(timeout=DEADLINE_SECONDS), 0, server.output())
        statuses = []
        try:
            statuses = [update.status for update in watch]
        except grpc.RpcError:
            pass
        self.assertNotIn(1, statuses, "no SERVING after the stop began")


def ldb(data_dir, *args):
    return subprocess.run(["ldb", f"--db={data_dir}", "--column_family=events", *args],
                          capture_output=True, text=True, check=True,
                          timeout=DEADLINE_SECONDS).stdout.strip()


def alter_event(data_dir, position):
    """Changes one payload byte of the event at `position`, as a failing disk
    or someone with `ldb` would; returns the original value (ldb's hex)."""
    from besluitlog.v1 import event_pb2
    key = "0x" + position.to_bytes(8, "big").hex().upper()
    original = ldb(data_dir, "get", "--hex", key)
    stored = bytearray(bytes.fromhex(original[2:]))
    event = event_pb2.Event.FromString(bytes(stored))
    at = bytes(stored).find(event.payload)
    stored[at + len(event.payload) // 2] ^= 0x01
    ldb(data_dir, "put", "--hex", key, "0x" + bytes(stored).hex().upper())
    return key, original


class DamageTest(unittest.TestCase):

    def test_the_governance_service_is_not_serving_while_the_ledger_is_damaged(self):
        if shutil.which("ldb") is None:
            self.fail("RocksDB's `ldb` is missing: install Debian's rocksdb-tools "
                      "(tools/dev.sh setup does)")
        from besluitlog.v1 import governance_pb2 as g, governance_pb2_grpc
        from health_v1_pb2 import HealthCheckRequest
        from health_v1_pb2_grpc import HealthStub
        scratch = tempfile.mkdtemp(prefix="python_client_test.")
        self.addCleanup(shutil.rmtree, scratch, True)
        data_dir = os.path.join(scratch, "data")
        server = Server(data_dir, scratch)
        admin = server.admin_token()
        governance = governance_pb2_grpc.GovernanceServiceStub(server.channel)
        for i in range(10):
            governance.Execute(g.GovernanceCommand(establish_body=g.EstablishBody(
                body_id=f"b{i}", config=g.BodyConfig(name=f"Overleg {i}", kind=g.ORO,
                                                    decision_rule=g.MAJORITY))),
                timeout=DEADLINE_SECONDS, metadata=(("authorization", "Bearer " + admin),))
        self.assertEqual(server.stop(), 0)

        # The start-up check finds the last event altered.
        last_key, last_original = alter_event(data_dir, 10)
        server = Server(data_dir, scratch)
        self.addCleanup(server.kill)
        self.assertEqual(health_status(server.channel, "besluitlog.v1.GovernanceService"),
                         "NOT_SERVING")
        for service in ("", "besluitlog.v1.QueryService", "besluitlog.v1.LedgerService"):
            self.assertEqual(health_status(server.channel, service), "SERVING", service)
        self.assertEqual(server.stop(), 0)

        # That one put back and an old one altered: the scrub finds it while
        # the server runs, and the GovernanceService stops serving then.
        ldb(data_dir, "put", "--hex", last_key, last_original)
        alter_event(data_dir, 3)
        server = Server(data_dir, scratch, ["--scrub_events_per_second=100000",
                                            "--scrub_interval=1h"])
        self.addCleanup(server.kill)
        watch = HealthStub(server.channel).Watch(
            HealthCheckRequest(service="besluitlog.v1.GovernanceService"),
            timeout=DEADLINE_SECONDS)
        for update in watch:  # SERVING (unless the scrub was first), then NOT_SERVING.
            if update.status == 2:
                break
        else:
            self.fail("the watch ended without NOT_SERVING")
        watch.cancel()
        self.assertEqual(health_status(server.channel, ""), "SERVING")
        self.assertIn("scrub", server.output())
        self.assertEqual(server.stop(), 0)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--besluitlogd", required=True)
    parser.add_argument("--ledgerctl", required=True)
    parser.add_argument("--source_dir", required=True)
    ARGS, rest = parser.parse_known_args()
    if MISSING:
        # Fail, never skip: tools/dev.sh installs these.
        sys.exit("python_client_test: missing Debian package(s) " + ", ".join(MISSING)
                 + " (tools/dev.sh setup installs them)")
    stubs = tempfile.mkdtemp(prefix="python_client_stubs.")
    try:
        generate_stubs(stubs)
        unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
    finally:
        shutil.rmtree(stubs, ignore_errors=True)


if __name__ == "__main__":
    main()
