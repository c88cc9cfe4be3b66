package io.chatmedia;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package rules README's layout section describes: feature packages depend one way, from the client contract down
 * to the cross-cutting {@code system}; only {@code storage} names a concrete store; {@code serving} and {@code upload}
 * know of processing only its façade.
 */
class ArchitectureTest {

    /** Each feature package and the packages it may use (besides itself, the JDK and libraries), bottom up. */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("system", Set.of());
        MAY_USE.put("lease", Set.of("system"));
        MAY_USE.put("storage", Set.of("system", "lease"));
        MAY_USE.put("security", Set.of("system", "lease"));
        MAY_USE.put("media", Set.of("system", "lease", "storage", "security"));
        MAY_USE.put("process", Set.of("system", "lease", "storage", "security", "media"));
        MAY_USE.put("upload", Set.of("system", "lease", "storage", "security", "media", "process"));
        MAY_USE.put("resumable", Set.of("system", "lease", "storage", "security", "media", "process", "upload"));
        MAY_USE.put("serving", Set.of("system", "lease", "storage", "security", "media", "process"));
        MAY_USE.put("screenshot", Set.of("system", "lease", "storage", "security", "media", "process", "upload"));
        MAY_USE.put(
                "compat",
                Set.of(
                        "system",
                        "lease",
                        "storage",
                        "security",
                        "media",
                        "process",
                        "upload",
                        "serving",
                        "screenshot"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.chatmedia");
    }

    @Test
    void everyFeaturePackageHasARule() {
        Set<String> present = new TreeSet<>();
        classes.forEach(c -> {
            String name = c.getPackageName();
            if (name.startsWith("io.chatmedia.")) {
                present.add(name.substring("io.chatmedia.".length()).split("\\.")[0]);
            }
        });
        assertThat(MAY_USE.keySet()).containsAll(present);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.chatmedia.(*)..").should().beFreeOfCycles().check(classes);
    }

    static List<String> features() {
        return List.copyOf(MAY_USE.keySet());
    }

    @ParameterizedTest
    @MethodSource("features")
    void dependsOnlyOnThePackagesBelowIt(String feature) {
        String[] forbidden = MAY_USE.keySet().stream()
                .filter(other -> !other.equals(feature) && !MAY_USE.get(feature).contains(other))
                .map(other -> "io.chatmedia." + other + "..")
                .toArray(String[]::new);
        if (forbidden.length == 0) {
            return;
        }
        noClasses()
                .that()
                .resideInAPackage("io.chatmedia." + feature + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void onlyStorageNamesAConcreteStore() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.chatmedia.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.chatmedia.storage.local..", "io.chatmedia.storage.s3..")
                .check(classes);
    }

    @Test
    void servingAndUploadKnowOnlyTheProcessingFacade() {
        noClasses()
                .that()
                .resideInAnyPackage("io.chatmedia.serving..", "io.chatmedia.upload..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.chatmedia.process.(*)..")
                .check(classes);
    }
}
