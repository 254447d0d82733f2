package org.jfsac.core.backend.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A conformance check: a no-argument method of a family class that {@link ConformanceSuite} runs on every backend.
 * Not JUnit's {@code @Test}, so that a family class is never run on its own, without a backend.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Check {}
