import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URI;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the class files in a jar that predate Java 6 (picocli's are Java 5) as Java 8
 * class files, with the stack maps those carry. The JVM's ahead-of-time cache refuses
 * classes checked by the old verifier ("Old class has been linked"), so without this every
 * start loads and verifies picocli anew. Run at build time: java UpgradeClassFiles.java JAR
 */
public class UpgradeClassFiles {
    private static final int JAVA_6 = 50, JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        int upgraded = 0;
        try (URLClassLoader classes = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()});
             FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            // Stack maps merge types, so the writer must see the jar's own class hierarchy too.
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS, ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            List<Path> files;
            try (Stream<Path> all = Files.walk(fs.getPath("/"))) {
                files = all.filter(p -> p.toString().endsWith(".class")).toList();
            }
            for (Path f : files) {
                ClassModel model = cf.parse(Files.readAllBytes(f));
                if (model.majorVersion() >= JAVA_6) continue;
                ClassTransform toJava8 = (builder, element) -> {
                    if (element instanceof ClassFileVersion) builder.withVersion(JAVA_8, 0);
                    else builder.with(element);
                };
                // Rebuilding every method body makes the writer compute its stack maps.
                Files.write(f, cf.transformClass(model, toJava8.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL))));
                upgraded++;
            }
        }
        System.out.println("UpgradeClassFiles: " + upgraded + " class files of " + jar.getFileName() + " now Java 8 class files");
    }
}
