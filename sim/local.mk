# zrx-sim: the local Zoom API simulator (sim/).
bin_PROGRAMS += zrx-sim
zrx_sim_SOURCES = \
	sim/main.c \
	sim/prng.h \
	sim/hmap.c sim/hmap.h \
	sim/jemit.c sim/jemit.h \
	sim/gen.c sim/gen.h \
	sim/data.c sim/data.h \
	sim/meeting.c \
	sim/timeline.c sim/timeline.h \
	sim/listing.c sim/listing.h \
	sim/clock.c sim/clock.h \
	sim/messy.c sim/messy.h \
	sim/faults.c sim/faults.h \
	sim/stats.c sim/stats.h \
	sim/api.c sim/api.h \
	sim/http.c sim/http.h \
	sim/truth.c sim/truth.h
zrx_sim_LDADD = libzrxutil.la $(LIBUV_LIBS)
dist_man_MANS += sim/zrx-sim.1

TESTS += tests/it_sim.sh tests/it_simtime.sh
dist_check_SCRIPTS += tests/it_sim.sh tests/it_simtime.sh
