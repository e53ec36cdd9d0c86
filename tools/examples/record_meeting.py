#!/usr/bin/python3
"""A besluitlog client in Python: records a small meeting and reads its outcome.

Every identity acts with its own token, as docs/security.md says:

  admin         establishes a small body and appoints its members (structure)
  secretariaat  this app: schedules and opens the meeting, records who is
                present, submits the proposal, puts it on the agenda, and
                records the decision
  member        each member casts their own vote with their own token

    /usr/bin/python3 tools/examples/record_meeting.py --server 127.0.0.1:50051 \
        --admin_token_file data/admin.token --token_file griffie.token \
        --member lid-1=lid-1.token --member lid-2=lid-2.token \
        --member lid-3=lid-3.token --against lid-3

It needs Debian's python3-grpcio, python3-grpc-tools and python3-protobuf:
the Python stubs are generated from proto/ into a temporary folder at start.
It exits 0 once the decision is recorded and read back, 1 when the server
refuses anything (the step, the gRPC code and the server's message are
printed), 2 when it is used wrongly or a package is missing.
"""

import argparse
import datetime
import glob
import ipaddress
import os
import secrets
import socket
import sys
import tempfile
import zoneinfo

try:
    import grpc
    import google.protobuf  # noqa: F401 (python3-protobuf)
    from grpc_tools import protoc
except ImportError as missing:
    print(f"record_meeting.py: {missing}: install Debian's python3-grpcio, python3-grpc-tools "
          "and python3-protobuf (tools/dev.sh setup does)", file=sys.stderr)
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
CALL_TIMEOUT_SECONDS = 60


def usage_error(message):
    print(f"record_meeting.py: {message}", file=sys.stderr)
    sys.exit(2)


def generate_stubs(proto_dir, out_dir):
    """Generates the Python messages and gRPC stubs for every .proto file."""
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    protos = sorted(glob.glob(os.path.join(proto_dir, "besluitlog", "v1", "*.proto")))
    if not protos:
        usage_error(f"no .proto files under {proto_dir}/besluitlog/v1 (give --proto_dir)")
    if protoc.main(["grpc_tools.protoc", f"-I{proto_dir}", f"-I{well_known}",
                    f"--python_out={out_dir}", f"--grpc_python_out={out_dir}"] + protos) != 0:
        usage_error("grpc_tools.protoc could not compile " + proto_dir)
    sys.path.insert(0, out_dir)


def read_token(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except OSError as error:
        usage_error(f"cannot read a token: {error}")


def open_channel(server, tls_ca):
    """A channel to `server` (host:port). Tokens are passwords: without TLS
    they are only sent to loopback addresses, as ledgerctl does."""
    if tls_ca:
        with open(tls_ca, "rb") as f:
            return grpc.secure_channel(server, grpc.ssl_channel_credentials(f.read()))
    host, _, port = server.rpartition(":")
    host = host.strip("[]")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port,
                                                               proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as error:
        usage_error(f"cannot resolve {server}: {error}")
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                for a in addresses):
        usage_error(f"{server} resolves to {sorted(addresses)}; a token is only sent without "
                    "TLS to a loopback address (give --tls_ca)")
    # Connect to the address checked, not to the name again.
    address = sorted(addresses)[0]
    target = f"ipv6:[{address}]:{port}" if ":" in address else f"ipv4:{address}:{port}"
    return grpc.insecure_channel(target)


class Step(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", default=os.environ.get("BESLUITLOG_SERVER", "127.0.0.1:50051"))
    parser.add_argument("--tls_ca", default=os.environ.get("BESLUITLOG_TLS_CA", ""),
                        help="PEM CA of the server's certificate; without it: plaintext, loopback")
    parser.add_argument("--admin_token_file", required=True,
                        help="an admin's token: establishes the body and appoints the members")
    parser.add_argument("--token_file", default=os.environ.get("BESLUITLOG_TOKEN_FILE"),
                        help="this app's own token, role secretariaat")
    parser.add_argument("--member", action="append", default=[], metavar="ID=TOKEN_FILE",
                        help="a member (the token's name is the member id); at least one")
    parser.add_argument("--against", action="append", default=[], metavar="ID",
                        help="a member who votes against (the others vote for)")
    parser.add_argument("--run_id", default=secrets.token_hex(3),
                        help="makes the ids of this run unique (default: random)")
    parser.add_argument("--proto_dir", default=os.path.join(HERE, "..", "..", "proto"))
    args = parser.parse_args()
    if not args.token_file or not args.member:
        parser.error("--token_file (or BESLUITLOG_TOKEN_FILE) and --member are required")
    members = {}
    for spec in args.member:
        member_id, sep, path = spec.partition("=")
        if not sep:
            parser.error(f"--member {spec}: give ID=TOKEN_FILE")
        members[member_id] = read_token(path)
    secretariaat = read_token(args.token_file)
    admin = read_token(args.admin_token_file)

    with tempfile.TemporaryDirectory() as stubs:
        generate_stubs(os.path.abspath(args.proto_dir), stubs)
        try:
            record_meeting(args, admin, secretariaat, members)
        except Step as refused:
            print(f"record_meeting.py: {refused}", file=sys.stderr)
            return 1
    return 0


def record_meeting(args, admin, secretariaat, members):
    from besluitlog.v1 import governance_pb2 as g
    from besluitlog.v1 import governance_pb2_grpc
    from besluitlog.v1 import query_pb2 as q
    from besluitlog.v1 import query_pb2_grpc

    channel = open_channel(args.server, args.tls_ca)
    governance = governance_pb2_grpc.GovernanceServiceStub(channel)
    query = query_pb2_grpc.QueryServiceStub(channel)
    last_position = 0

    def execute(token, what, **command):
        """Runs one GovernanceCommand as the holder of `token`."""
        nonlocal last_position
        try:
            result = governance.Execute(
                g.GovernanceCommand(**command), timeout=CALL_TIMEOUT_SECONDS,
                metadata=(("authorization", "Bearer " + token),))
        except grpc.RpcError as error:
            raise Step(f"{what}: {error.code().name}: {error.details()}") from None
        last_position = max(last_position, result.position)
        print(f"recorded: {what} (position {result.position})")

    run = args.run_id
    body_id, meeting_id, proposal_id = f"voorbeeld-{run}", f"voorbeeld-{run}-1", f"kpi-{run}"
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Amsterdam")).date().isoformat()

    # Structure: the admin's acts.
    execute(admin, f"establish body {body_id}", establish_body=g.EstablishBody(
        body_id=body_id,
        config=g.BodyConfig(name=f"Voorbeeldoverleg {run}", kind=g.ORO,
                            decision_rule=g.MAJORITY)))
    for number, member_id in enumerate(members, start=1):
        execute(admin, f"appoint {member_id}", appoint_member=g.AppointMember(
            body_id=body_id, member_id=member_id, name=f"Lid {number}",
            role=g.VOORZITTER if number == 1 else g.LID,
            side=g.GEMEENTEN if number % 2 else g.COMBINATIES))

    # The meeting: this app's acts, with its own (secretariaat) token.
    first = next(iter(members))
    execute(secretariaat, f"schedule meeting {meeting_id}", schedule_meeting=g.ScheduleMeeting(
        meeting_id=meeting_id, body_id=body_id, date=today))
    execute(secretariaat, "open the meeting",
            open_meeting=g.OpenMeeting(meeting_id=meeting_id))
    for member_id in members:  # Only members recorded present may vote.
        execute(secretariaat, f"{member_id} present", record_attendance=g.RecordAttendance(
            meeting_id=meeting_id, member_id=member_id, present=True))
    execute(secretariaat, f"submit proposal {proposal_id}", submit_proposal=g.SubmitProposal(
        proposal_id=proposal_id, body_id=body_id, title="Kritieke prestatie-indicatoren 2026",
        submitted_by=first,
        decision_points=[g.DecisionPoint(number=1, text="De KPI's voor 2026 vaststellen")]))
    execute(secretariaat, "agenda item 1", add_agenda_item=g.AddAgendaItem(
        meeting_id=meeting_id, item_id="1", proposal_id=proposal_id, submitted_by=first))

    # Each member votes with their own token, as themselves.
    for member_id, token in members.items():
        choice = g.AGAINST if member_id in args.against else g.FOR
        execute(token, f"{member_id} votes {g.VoteChoice.Name(choice)}",
                cast_vote=g.CastVote(meeting_id=meeting_id, item_id="1", decision_point=1,
                                     voter_id=member_id, choice=choice))

    execute(secretariaat, "take the decision",
            take_decision=g.TakeDecision(meeting_id=meeting_id, item_id="1"))
    execute(secretariaat, "close the meeting",
            close_meeting=g.CloseMeeting(meeting_id=meeting_id))

    # The outcome, from the read side, once it has applied what we wrote.
    try:
        view = query.GetProposal(
            q.GetProposalRequest(proposal_id=proposal_id,
                                 consistency=q.Consistency(min_position=last_position)),
            timeout=CALL_TIMEOUT_SECONDS, metadata=(("authorization", "Bearer " + secretariaat),))
    except grpc.RpcError as error:
        raise Step(f"read proposal {proposal_id}: {error.code().name}: {error.details()}") from None
    print(f"proposal {view.proposal_id} ({view.title}): {q.ProposalStatus.Name(view.status)}")
    for point in view.points:
        tally = point.tally
        print(f"  point {point.point.number} \"{point.point.text}\": "
              f"{g.Outcome.Name(point.outcome)} in {point.decided_in_meeting}: "
              f"for {tally.votes_for}, against {tally.votes_against}, "
              f"abstentions {tally.abstentions}; "
              f"{tally.voting_members_present} of {tally.voting_members} voting members present")
    if view.status == q.PROPOSAL_STATUS_UNSPECIFIED or not view.points:
        raise Step(f"proposal {proposal_id} has no recorded outcome")


if __name__ == "__main__":
    sys.exit(main())
