# doc/local.mk: man pages
dist_man_MANS += doc/zrx.1
