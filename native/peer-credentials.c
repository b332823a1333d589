/*
 * peerCredentials(fd): who is at the other end of a connected Unix domain socket.
 *
 * Node's net module exposes no SO_PEERCRED, and the hook channel must know that the process
 * talking to it runs as the same user as agentmux. The kernel records the peer's credentials
 * at connect(2) time; reading them here cannot be spoofed by the peer.
 *
 * Returns {pid, uid, gid}; pid is -1 where the platform does not report it. Throws on error.
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <node_api.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
#include <sys/un.h>
#endif

static napi_value fail(napi_env env, const char *what, int code) {
	char message[256];
	snprintf(message, sizeof message, "%s: %s", what, strerror(code));
	napi_throw_error(env, NULL, message);
	return NULL;
}

static int read_peer(int fd, long *pid, long *uid, long *gid) {
#if defined(__linux__)
	struct ucred cred;
	socklen_t length = sizeof cred;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) != 0) return errno;
	*pid = cred.pid;
	*uid = cred.uid;
	*gid = cred.gid;
	return 0;
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
	uid_t peer_uid;
	gid_t peer_gid;
	if (getpeereid(fd, &peer_uid, &peer_gid) != 0) return errno;
	*uid = peer_uid;
	*gid = peer_gid;
	*pid = -1;
#if defined(LOCAL_PEERPID)
	pid_t peer_pid;
	socklen_t length = sizeof peer_pid;
	if (getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, &peer_pid, &length) == 0) *pid = peer_pid;
#endif
	return 0;
#else
	(void)fd; (void)pid; (void)uid; (void)gid;
	return ENOSYS;
#endif
}

static napi_status set_number(napi_env env, napi_value object, const char *name, long value) {
	napi_value number;
	napi_status status = napi_create_int64(env, value, &number);
	if (status != napi_ok) return status;
	return napi_set_named_property(env, object, name, number);
}

static napi_value peer_credentials(napi_env env, napi_callback_info info) {
	size_t argc = 1;
	napi_value argv[1];
	if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
		napi_throw_type_error(env, NULL, "peerCredentials(fd) needs a file descriptor");
		return NULL;
	}

	int32_t fd;
	if (napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
		napi_throw_type_error(env, NULL, "peerCredentials(fd) needs a file descriptor");
		return NULL;
	}

	long pid = -1, uid = -1, gid = -1;
	int error = read_peer(fd, &pid, &uid, &gid);
	if (error != 0) return fail(env, "peer credentials", error);

	napi_value result;
	if (napi_create_object(env, &result) != napi_ok
		|| set_number(env, result, "pid", pid) != napi_ok
		|| set_number(env, result, "uid", uid) != napi_ok
		|| set_number(env, result, "gid", gid) != napi_ok) {
		napi_throw_error(env, NULL, "peer credentials: could not build the result");
		return NULL;
	}

	return result;
}

NAPI_MODULE_INIT() {
	napi_value function;
	if (napi_create_function(env, "peerCredentials", NAPI_AUTO_LENGTH, peer_credentials, NULL, &function) != napi_ok) return NULL;
	if (napi_set_named_property(env, exports, "peerCredentials", function) != napi_ok) return NULL;
	return exports;
}
