"""Waits until every school's host answers /api/v1/health on a server being started, for the
many-schools benches (schools.sh, sqlite-schools.sh), and prints the seconds since BEGAN.

    schools_answering.py PORT PID BEGAN TIMEOUT HOSTS_FILE

Asks each host in turn, on one keep-alive connection, until it answers 200; exits non-zero,
saying why, when the server's process PID has exited or TIMEOUT seconds have passed.
"""
import http.client, os, sys, time
port, pid, began, timeout, hosts = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
conn = None
for host in open(hosts).read().split():
    while True:
        if time.time() - began > timeout:
            sys.exit(f"did not answer for {host} within {timeout:.0f} s")
        try:
            if "\tZ" in open(f"/proc/{pid}/status").read().split("State:")[1].split("\n")[0]:
                sys.exit("exited")
        except FileNotFoundError:
            sys.exit("exited")
        try:
            conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/api/v1/health", headers={"Host": host})
            r = conn.getresponse()
            r.read()
            if r.status == 200:
                break
        except (OSError, http.client.HTTPException):
            conn = None
        time.sleep(0.05)
print(f"{time.time() - began:.2f}")
