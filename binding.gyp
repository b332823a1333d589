{
  "targets": [
    {
      "target_name": "peer_credentials",
      "sources": ["native/peer-credentials.c"],
      "cflags": ["-Wall", "-Wextra"]
    }
  ]
}
