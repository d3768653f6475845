package org.jaring.cli.cert;

import picocli.CommandLine.Command;

/** {@code jaring cert}: certificates issued by this node's national CA. */
@Command(
        name = "cert",
        mixinStandardHelpOptions = true,
        description = "Issue client certificates, rotate the node certificate, and show any certificate.",
        subcommands = {CertIssueCommand.class, CertRotateCommand.class, CertShowCommand.class})
public final class CertCommand {}
