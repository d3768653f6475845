package org.jaring.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import java.util.Set;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.audit.RocksAuditLog;
import org.jaring.node.signing.AnswerSealer;
import org.jaring.node.signing.AnswerSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of docs/architecture.md, checked on the compiled classes of core, node and CLI together, so a
 * change that breaks it fails the build instead of waiting for a reader to notice. Maven already keeps modules
 * apart (core cannot see the node, the node cannot see the CLI, nothing sees the benchmarks); these rules hold
 * inside the modules, where the compiler allows anything.
 */
class ArchitectureTest {
    private static JavaClasses jaring;

    @BeforeAll
    static void importClasses() {
        jaring = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.jaring.core", "org.jaring.node", "org.jaring.cli");
    }

    @Test
    void theClassesUnderTestAreAllThere() {
        // A rule over an empty import passes; make sure each module's classes were read.
        for (String module : Set.of("org.jaring.core.trust", "org.jaring.node.server", "org.jaring.cli.lookup")) {
            if (jaring.stream().noneMatch(c -> c.getPackageName().equals(module))) {
                throw new AssertionError("no classes of " + module + " on the test class path");
            }
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.jaring.core.(*)..").should().beFreeOfCycles().check(jaring);
        slices().matching("org.jaring.node.(*)..").should().beFreeOfCycles().check(jaring);
        slices().matching("org.jaring.cli.(*)..").should().beFreeOfCycles().check(jaring);
    }

    @Test
    void theCoreKnowsNeitherTheNodeNorTheCommandLine() {
        noClasses()
                .that()
                .resideInAPackage("org.jaring.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.jaring.node..", "org.jaring.cli..")
                .check(jaring);
        noClasses()
                .that()
                .resideInAPackage("org.jaring.node..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.jaring.cli..")
                .check(jaring);
    }

    /**
     * Top to bottom: the assembly (NodeMain, server) wires everything; the gRPC adapters (api, and the peer
     * boundary that guards them) turn calls into feature calls; features do the work; the store keeps the data.
     * Each layer uses only the layers below it. The core and the wire contract sit under all of them.
     */
    @Test
    void nodeLayersPointDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Assembly")
                .definedBy(DescribedPredicate.describe(
                        "org.jaring.node root or server",
                        (JavaClass c) -> c.getPackageName().equals("org.jaring.node")
                                || c.getPackageName().startsWith("org.jaring.node.server")))
                .layer("Adapters")
                .definedBy("org.jaring.node.api..", "org.jaring.node.boundary..")
                .layer("Features")
                .definedBy(
                        "org.jaring.node.admin..",
                        "org.jaring.node.audit..",
                        "org.jaring.node.cases..",
                        "org.jaring.node.correlate..",
                        "org.jaring.node.federation..",
                        "org.jaring.node.ops..",
                        "org.jaring.node.requests..",
                        "org.jaring.node.share..",
                        "org.jaring.node.sighting..",
                        "org.jaring.node.signing..",
                        "org.jaring.node.transport..",
                        "org.jaring.node.warninglist..")
                .layer("Store")
                .definedBy("org.jaring.node.store..")
                .layer("CommandLine")
                .definedBy("org.jaring.cli..")
                .whereLayer("Assembly")
                .mayOnlyBeAccessedByLayers("CommandLine")
                .whereLayer("Adapters")
                .mayOnlyBeAccessedByLayers("Assembly")
                .whereLayer("Features")
                .mayOnlyBeAccessedByLayers("Assembly", "Adapters", "CommandLine")
                .whereLayer("Store")
                .mayOnlyBeAccessedByLayers("Assembly", "Adapters", "Features", "CommandLine")
                .check(jaring);
    }

    /**
     * Security collaborators have one implementation in the node: answers are sealed by the signer and records kept
     * by the RocksDB log. An unsigned sealer or a discarding log belongs to tests and benchmarks only, so no class in
     * the shipped code can stand in for them.
     */
    @Test
    void signingAndAuditHaveOnlyTheirRealImplementations() {
        classes()
                .that()
                .implement(AnswerSealer.class)
                .should()
                .haveFullyQualifiedName(AnswerSigner.class.getName())
                .check(jaring);
        classes()
                .that()
                .implement(AuditLog.class)
                .should()
                .haveFullyQualifiedName(RocksAuditLog.class.getName())
                .check(jaring);
    }

    /** gRPC services are thin adapters in api; the standard health service is the one exception. */
    @Test
    void grpcServicesLiveInApi() {
        classes()
                .that()
                .implement(BindableService.class)
                .and()
                .doNotHaveFullyQualifiedName("org.jaring.node.ops.NodeHealth")
                .should()
                .resideInAPackage("org.jaring.node.api..")
                .check(jaring);
        classes()
                .that()
                .implement(ServerInterceptor.class)
                .should()
                .resideInAnyPackage(
                        "org.jaring.node.boundary..",
                        "org.jaring.node.transport..",
                        "org.jaring.node.ops..",
                        "org.jaring.core.trust..")
                .check(jaring);
    }

    /**
     * The CLI talks to a node over mutual-TLS gRPC. It runs node code in-process only for the demo's network
     * and for its offline tools, which work on files, not on a running node.
     */
    @Test
    void theCommandLineUsesTheNodeOnlyWhereItMust() {
        noClasses()
                .that()
                .resideInAPackage("org.jaring.cli..")
                .and()
                .resideOutsideOfPackage("org.jaring.cli.demo..")
                .should()
                .dependOnClassesThat(DescribedPredicate.describe(
                        "node classes other than the offline tools (evidence package check, offline chain"
                                + " check, backup restore, request signing) and the logging set-up",
                        (JavaClass c) -> c.getPackageName().startsWith("org.jaring.node")
                                && !Set.of(
                                                "org.jaring.node.audit.AuditPackage",
                                                // jaring audit verify --data: the node's own chain check over a
                                                // stopped node's folder opened read-only
                                                "org.jaring.node.audit.AuditChain",
                                                "org.jaring.node.audit.AuditWitness",
                                                "org.jaring.node.store.ReadOnlyStore",
                                                "org.jaring.node.ops.BackupRestore",
                                                "org.jaring.node.requests.RequestSigning",
                                                "org.jaring.node.Logging")
                                        .contains(c.getName().replaceAll("\\$.*", ""))))
                .check(jaring);
    }

    /** The store keeps bytes: it knows RocksDB, the contract and the core, not the network. */
    @Test
    void theStoreDoesNotTalkToTheNetwork() {
        noClasses()
                .that()
                .resideInAPackage("org.jaring.node.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.grpc..", "io.netty..")
                .check(jaring);
    }
}
