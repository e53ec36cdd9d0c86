#!/usr/bin/env bash
# The peer of bench/governance_bench: the same governance acts as PostgreSQL
# transactions, measured with pgbench in the same window as ours.
#
#   bench/peers/postgres_governance.sh [--seconds 10] [--clients "1 8 64"] \
#       [--ours build/bench/governance_bench] [--append_bench build/bench/append_bench]
#
# A meeting of the Stuurgroep of 14 is the same 62 acts as in
# governance_bench (schedule, open, 14 attendances, a proposal with 3 points
# submitted and put on the agenda, 14 votes per point, decision, close). Each
# act is one transaction (one plpgsql function, autocommit) that does the
# checks our rules do on tables that hold the current state: it locks the
# meeting's row (FOR UPDATE) and reads the rows it decides on (FOR SHARE:
# the member's seat, the attendance, the item, the proposal), refuses with an
# exception when a rule forbids the act, inserts the event into an events
# table with the stream's next version and commits. Durability as ours:
# fsync on, synchronous_commit on, full_page_writes on (the defaults).
#
# A private cluster in a temp dir (Unix socket only), removed at the end.
# Installs Debian's postgresql when it is missing (needs root and apt).
# Never part of .ci/run: it is a benchmark, not a test.
#
# Prints per number of clients: PostgreSQL acts/s (pgbench), ours
# (governance_bench, run right after, same window), and the ratio; then one
# client's p50 of a single vote (CastVote) and of a single plain event insert
# (the peer of a durable Append) from pgbench's per-transaction log; then
# plain event inserts at each number of clients beside append_bench's
# durable Appends (one ~300-byte event each) and their ratio.
set -euo pipefail

SECONDS_PER_RUN=10
CLIENTS="1 8 64"
OURS="$(dirname "$0")/../../build/bench/governance_bench"
APPEND_BENCH="$(dirname "$0")/../../build/bench/append_bench"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --ours) OURS="$2"; shift 2 ;;
    --append_bench) APPEND_BENCH="$2"; shift 2 ;;
    *) echo "usage: $0 [--seconds N] [--clients \"1 8 64\"] [--ours PATH]" >&2; exit 2 ;;
  esac
done

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "${PGBIN}" || ! -x "${PGBIN}/pgbench" ]]; then
  echo "postgres_governance.sh: installing Debian's postgresql" >&2
  apt-get install -y postgresql postgresql-contrib >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

WORK=$(mktemp -d /tmp/pg_governance.XXXXXX)
chmod 755 "${WORK}"
RUN_AS=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "${WORK}"
  RUN_AS=(runuser -u postgres --)
fi
PGDATA="${WORK}/data"
cleanup() {
  "${RUN_AS[@]}" "${PGBIN}/pg_ctl" -D "${PGDATA}" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "${WORK}"
}
trap cleanup EXIT

"${RUN_AS[@]}" "${PGBIN}/initdb" -D "${PGDATA}" -A trust -U bench >/dev/null
cat >>"${PGDATA}/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '${WORK}'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 200
shared_buffers = 256MB
EOF
"${RUN_AS[@]}" "${PGBIN}/pg_ctl" -D "${PGDATA}" -l "${WORK}/log" -w start >/dev/null
PSQL=("${RUN_AS[@]}" "${PGBIN}/psql" -h "${WORK}" -U bench -d postgres -q -v ON_ERROR_STOP=1)
PGBENCH=("${RUN_AS[@]}" "${PGBIN}/pgbench" -h "${WORK}" -U bench -n)

"${PSQL[@]}" <<'SQL'
CREATE TABLE events (position bigserial PRIMARY KEY, stream text NOT NULL, version int NOT NULL,
                     type text NOT NULL, actor text NOT NULL, payload text NOT NULL,
                     recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, version));
CREATE TABLE bodies (id text PRIMARY KEY, rule text NOT NULL, version int NOT NULL);
CREATE TABLE members (body text, member text, role text NOT NULL, active bool NOT NULL,
                      PRIMARY KEY (body, member));
CREATE TABLE meetings (id text PRIMARY KEY, body text NOT NULL, status text NOT NULL,
                       version int NOT NULL);
CREATE TABLE attendance (meeting text, member text, present bool NOT NULL,
                         PRIMARY KEY (meeting, member));
CREATE TABLE proposals (id text PRIMARY KEY, body text NOT NULL, points int NOT NULL,
                        decided bool NOT NULL, version int NOT NULL);
CREATE TABLE items (meeting text, item text, proposal text NOT NULL, PRIMARY KEY (meeting, item));
CREATE TABLE votes (meeting text, item text, point int, member text, choice text NOT NULL,
                    PRIMARY KEY (meeting, item, point, member));

-- The event, at the stream's next version (the caller holds the stream's row).
CREATE FUNCTION emit(s text, v int, t text, a text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO events (stream, version, type, actor, payload)
  VALUES (s, v, t, a, repeat('x', 300)) $$;

CREATE FUNCTION schedule_meeting(m text, b text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM bodies WHERE id = b FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no body %', b; END IF;
  INSERT INTO meetings VALUES (m, b, 'scheduled', 1);  -- Refuses a taken id.
  PERFORM emit('meeting/' || m, 1, 'MeetingScheduled', 'griffie');
END $$;

CREATE FUNCTION open_meeting(m text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS DISTINCT FROM 'scheduled' THEN RAISE EXCEPTION 'cannot open %', m; END IF;
  UPDATE meetings SET status = 'open', version = version + 1 WHERE id = m;
  PERFORM emit('meeting/' || m, r.version + 1, 'MeetingOpened', 'griffie');
END $$;

CREATE FUNCTION record_attendance(m text, who text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS NULL OR r.status = 'closed' THEN RAISE EXCEPTION 'meeting % closed', m; END IF;
  PERFORM 1 FROM members WHERE body = r.body AND member = who AND active FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION '% does not sit', who; END IF;
  INSERT INTO attendance VALUES (m, who, true)
    ON CONFLICT (meeting, member) DO UPDATE SET present = true;
  UPDATE meetings SET version = version + 1 WHERE id = m;
  PERFORM emit('meeting/' || m, r.version + 1, 'AttendanceRecorded', 'griffie');
END $$;

CREATE FUNCTION submit_proposal(p text, b text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM bodies WHERE id = b FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION 'no body %', b; END IF;
  INSERT INTO proposals VALUES (p, b, n, false, 1);
  PERFORM emit('proposal/' || p, 1, 'ProposalSubmitted', 'griffie');
END $$;

CREATE FUNCTION add_item(m text, i text, p text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings; q proposals;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS NULL OR r.status = 'closed' THEN RAISE EXCEPTION 'meeting % closed', m; END IF;
  SELECT * INTO q FROM proposals WHERE id = p FOR SHARE;
  IF q.id IS NULL OR q.decided THEN RAISE EXCEPTION 'proposal % cannot go on', p; END IF;
  INSERT INTO items VALUES (m, i, p);
  UPDATE meetings SET version = version + 1 WHERE id = m;
  PERFORM emit('meeting/' || m, r.version + 1, 'AgendaItemAdded', 'griffie');
END $$;

CREATE FUNCTION cast_vote(m text, i text, pt int, who text, choice text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings; p text; q proposals;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS DISTINCT FROM 'open' THEN RAISE EXCEPTION 'meeting % not open', m; END IF;
  SELECT proposal INTO p FROM items WHERE meeting = m AND item = i;
  IF p IS NULL THEN RAISE EXCEPTION 'no item %', i; END IF;
  SELECT * INTO q FROM proposals WHERE id = p FOR SHARE;
  IF q.decided THEN RAISE EXCEPTION 'decided'; END IF;
  IF pt < 1 OR pt > q.points THEN RAISE EXCEPTION 'no point %', pt; END IF;
  PERFORM 1 FROM members WHERE body = r.body AND member = who AND active
    AND role IN ('lid', 'voorzitter') FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION '% does not vote', who; END IF;
  PERFORM 1 FROM attendance WHERE meeting = m AND member = who AND present FOR SHARE;
  IF NOT FOUND THEN RAISE EXCEPTION 'attendance rule: % not present', who; END IF;
  INSERT INTO votes VALUES (m, i, pt, who, choice)
    ON CONFLICT (meeting, item, point, member) DO UPDATE SET choice = excluded.choice;
  UPDATE meetings SET version = version + 1 WHERE id = m;
  PERFORM emit('meeting/' || m, r.version + 1, 'VoteCast', who);
END $$;

CREATE FUNCTION take_decision(m text, i text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings; p text; q proposals; present int; seats int; pt int; yes int; no int;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS DISTINCT FROM 'open' THEN RAISE EXCEPTION 'meeting % not open', m; END IF;
  SELECT proposal INTO p FROM items WHERE meeting = m AND item = i;
  SELECT * INTO q FROM proposals WHERE id = p FOR UPDATE;
  IF q.decided THEN RAISE EXCEPTION 'decided already'; END IF;
  SELECT count(*) INTO seats FROM members WHERE body = r.body AND active;
  SELECT count(*) INTO present FROM attendance a JOIN members s
    ON s.body = r.body AND s.member = a.member AND s.active WHERE a.meeting = m AND a.present;
  IF present * 2 <= seats THEN RAISE EXCEPTION 'no quorum'; END IF;
  FOR pt IN 1..q.points LOOP  -- Majority of the votes of members present, per point.
    SELECT count(*) FILTER (WHERE v.choice = 'for'), count(*) FILTER (WHERE v.choice = 'against')
      INTO yes, no FROM votes v JOIN attendance a ON a.meeting = v.meeting
      AND a.member = v.member AND a.present WHERE v.meeting = m AND v.item = i AND v.point = pt;
  END LOOP;
  UPDATE proposals SET decided = true, version = version + 1 WHERE id = p;
  PERFORM emit('proposal/' || p, q.version + 1, 'DecisionTaken', 'griffie');
END $$;

CREATE FUNCTION close_meeting(m text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r meetings;
BEGIN
  SELECT * INTO r FROM meetings WHERE id = m FOR UPDATE;
  IF r.status IS DISTINCT FROM 'open' THEN RAISE EXCEPTION 'meeting % not open', m; END IF;
  UPDATE meetings SET status = 'closed', version = version + 1 WHERE id = m;
  PERFORM emit('meeting/' || m, r.version + 1, 'MeetingClosed', 'griffie');
END $$;

INSERT INTO bodies VALUES ('stuurgroep', 'majority', 15);
INSERT INTO members SELECT 'stuurgroep', 'lid-' || n, CASE n WHEN 1 THEN 'voorzitter' ELSE 'lid' END,
  true FROM generate_series(1, 14) n;
-- One open meeting with everyone present and an item, for the single-vote runs.
INSERT INTO meetings VALUES ('vast', 'stuurgroep', 'open', 100);
INSERT INTO attendance SELECT 'vast', 'lid-' || n, true FROM generate_series(1, 14) n;
INSERT INTO proposals VALUES ('vast-voorstel', 'stuurgroep', 3, false, 1);
INSERT INTO items VALUES ('vast', '1', 'vast-voorstel');
SQL

# One meeting, 62 acts, each its own transaction.
MEETING="${WORK}/meeting.sql"
{
  echo '\set n random(1, 1000000000000)'
  echo "SELECT schedule_meeting('m-' || :client_id || '-' || :n, 'stuurgroep');"
  echo "SELECT open_meeting('m-' || :client_id || '-' || :n);"
  for i in $(seq 1 14); do
    echo "SELECT record_attendance('m-' || :client_id || '-' || :n, 'lid-${i}');"
  done
  echo "SELECT submit_proposal('p-' || :client_id || '-' || :n, 'stuurgroep', 3);"
  echo "SELECT add_item('m-' || :client_id || '-' || :n, '1', 'p-' || :client_id || '-' || :n);"
  for p in 1 2 3; do
    for i in $(seq 1 14); do
      echo "SELECT cast_vote('m-' || :client_id || '-' || :n, '1', ${p}, 'lid-${i}', 'for');"
    done
  done
  echo "SELECT take_decision('m-' || :client_id || '-' || :n, '1');"
  echo "SELECT close_meeting('m-' || :client_id || '-' || :n);"
} >"${MEETING}"
echo '\set who random(1, 14)' >"${WORK}/vote.sql"
echo "SELECT cast_vote('vast', '1', 1, 'lid-' || :who, 'for');" >>"${WORK}/vote.sql"
echo "INSERT INTO events (stream, version, type, actor, payload) VALUES ('raw/' || :client_id || '-' || random(), 1, 'BenchmarkEventRecorded', 'bench', repeat('x', 300));" >"${WORK}/append.sql"
chmod 644 "${WORK}"/*.sql

p50_p99() {  # pgbench per-transaction log lines: client tx latency_us ...
  sort -n -k3 "$@" | awk '{a[NR]=$3} END {printf "p50 %.3f ms  p99 %.3f ms", a[int(NR*0.5)+1]/1000, a[int(NR*0.99)+1]/1000}'
}

declare -A PG_ACTS OURS_ACTS PG_APPENDS OURS_APPENDS
echo "PostgreSQL $("${PGBIN}/postgres" --version | awk '{print $3}'): one meeting = 62 transactions, ${SECONDS_PER_RUN} s per run"
for c in ${CLIENTS}; do
  out=$("${PGBENCH[@]}" -c "${c}" -j "$((c < 2 ? 1 : 2))" -T "${SECONDS_PER_RUN}" -f "${MEETING}" postgres 2>&1)
  tps=$(echo "${out}" | awk '/^tps = / {print $3; exit}')
  failed=$(echo "${out}" | awk '/number of failed transactions/ {print $5}')
  PG_ACTS[$c]=$(awk -v t="${tps}" 'BEGIN {printf "%.0f", t * 62}')
  echo "postgres ${c} clients: ${PG_ACTS[$c]} acts/s (${tps} meetings/s, failed: ${failed:-0})"
done
(cd "${WORK}" && "${PGBENCH[@]}" -c 1 -T "${SECONDS_PER_RUN}" -f vote.sql -l --log-prefix=vote postgres >/dev/null 2>&1)
(cd "${WORK}" && "${PGBENCH[@]}" -c 1 -T "${SECONDS_PER_RUN}" -f append.sql -l --log-prefix=append postgres >/dev/null 2>&1)
echo "postgres 1 client, one CastVote transaction: $(p50_p99 "${WORK}"/vote.*)"
echo "postgres 1 client, one event INSERT (peer of a durable Append): $(p50_p99 "${WORK}"/append.*)"
for c in ${CLIENTS}; do
  out=$("${PGBENCH[@]}" -c "${c}" -j "$((c < 2 ? 1 : 2))" -T "${SECONDS_PER_RUN}" -f "${WORK}/append.sql" postgres 2>&1)
  PG_APPENDS[$c]=$(echo "${out}" | awk '/^tps = / {printf "%.0f", $3; exit}')
  echo "postgres ${c} clients: ${PG_APPENDS[$c]} event INSERTs/s"
done

if [[ -x "${OURS}" ]]; then
  echo "besluitlog (${OURS}), same window:"
  ours_out=$("${OURS}" --seconds "${SECONDS_PER_RUN}" --clients "$(echo ${CLIENTS} | tr ' ' ',')")
  echo "${ours_out}" | grep -v '^RESULT'
  for c in ${CLIENTS}; do
    OURS_ACTS[$c]=$(echo "${ours_out}" | awk -v c="clients=${c}" '$2 == c {split($3, a, "="); print a[2]}')
  done
  echo
  echo "| parallel meetings | besluitlog acts/s | PostgreSQL acts/s | ratio |"
  echo "|---|---|---|---|"
  for c in ${CLIENTS}; do
    echo "| ${c} | ${OURS_ACTS[$c]} | ${PG_ACTS[$c]} | $(awk -v a="${OURS_ACTS[$c]}" -v b="${PG_ACTS[$c]}" 'BEGIN {printf "%.2f", a / b}')x |"
  done
else
  echo "(no ${OURS}: build it to print ours and the ratio)"
fi
if [[ -x "${APPEND_BENCH}" ]]; then
  append_out=$("${APPEND_BENCH}" --seconds "${SECONDS_PER_RUN}" --replay=false \
    --clients "$(echo ${CLIENTS} | tr ' ' ',')")
  echo "${append_out}"
  echo
  echo "| clients | besluitlog durable Appends/s (append_bench) | PostgreSQL event INSERTs/s | ratio |"
  echo "|---|---|---|---|"
  for c in ${CLIENTS}; do
    OURS_APPENDS[$c]=$(echo "${append_out}" | awk -v c="clients=${c}" '$1 == "durable" && $2 == c {split($3, a, "="); v = a[2]; if (v == "") v = $4; print v}')
    echo "| ${c} | ${OURS_APPENDS[$c]} | ${PG_APPENDS[$c]} | $(awk -v a="${OURS_APPENDS[$c]}" -v b="${PG_APPENDS[$c]}" 'BEGIN {if (b > 0) printf "%.2f", a / b}')x |"
  done
fi
