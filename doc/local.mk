# doc/local.mk: man pages
dist_man_MANS += doc/zrx.1
# the README's screenshot of a report
EXTRA_DIST += doc/report.png
