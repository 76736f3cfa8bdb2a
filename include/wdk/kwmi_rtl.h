/* kwmi_rtl.h - RTL runtime declarations (placeholder). */
