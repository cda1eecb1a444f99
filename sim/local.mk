# zrx-sim
bin_PROGRAMS += zrx-sim
zrx_sim_SOURCES = sim/main.c
zrx_sim_LDADD = libzrx.la
