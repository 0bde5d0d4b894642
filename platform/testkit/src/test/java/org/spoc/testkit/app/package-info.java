/** A minimal Spring Boot application that proves Spring contexts see the testkit's infrastructure. */
@NullMarked
package org.spoc.testkit.app;

import org.jspecify.annotations.NullMarked;
