// SPDX-License-Identifier: GPL-2.0
/*
 * failnth N MODULE.ko: load MODULE with the Nth allocation the kernel
 * makes in finit_module() failing (/proc/thread-self/fail-nth, a kernel
 * with CONFIG_FAULT_INJECTION), for selftests/failnth.sh.  The count is
 * armed just before the system call and read back just after it, so that
 * only the kernel's work on the load is counted, not insmod's exec.
 * Prints "loaded" or "refused: REASON", then "fail-nth: injected" or
 * "fail-nth: not reached"; exits 0 when the module loaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char buf[16] = "";
	int fd, nth, mod, ret, err;

	if (argc != 3) {
		fprintf(stderr, "usage: failnth N MODULE.ko\n");
		return 2;
	}
	mod = open(argv[2], O_RDONLY | O_CLOEXEC);
	nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (mod < 0 || nth < 0) {
		perror("failnth: open");
		return 2;
	}
	if (write(nth, argv[1], strlen(argv[1])) != (ssize_t)strlen(argv[1])) {
		perror("failnth: arming fail-nth");
		return 2;
	}
	ret = syscall(SYS_finit_module, mod, "", 0);
	err = errno;
	fd = pread(nth, buf, sizeof(buf) - 1, 0);
	if (fd > 0 && atoi(buf))
		(void)!pwrite(nth, "0", 1, 0);
	if (ret)
		printf("refused: %s\n", strerror(err));
	else
		printf("loaded\n");
	printf("fail-nth: %s\n", fd > 0 && atoi(buf) ? "not reached" : "injected");
	return ret ? 1 : 0;
}
