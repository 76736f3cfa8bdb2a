/* wdm_wmi.h - IoWMI* declarations (placeholder). */
