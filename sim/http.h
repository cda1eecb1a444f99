/* http.h - the libuv HTTP/1.1 server in front of the simulator's API. */
#ifndef SIM_HTTP_H
#define SIM_HTTP_H

#include "api.h"

/*
 * Listen on host:port (port 0: a free port), print the port alone on stdout
 * (flushed), and serve api until SIGINT or SIGTERM; then close every handle.
 * Returns 0 after a clean stop, 1 on a start-up or shutdown error (already
 * reported on stderr).
 */
int sim_http_serve(struct sim_api *api, const char *host, int port) ZRX_WUR;

#endif
