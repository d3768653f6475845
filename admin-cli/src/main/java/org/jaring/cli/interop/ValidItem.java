package org.jaring.cli.interop;

import org.jaring.v1.Indicator;

/** An item that passed the local checks, with the indicator to send; the item is kept for the report. */
record ValidItem(ImportItem item, Indicator indicator) {}
