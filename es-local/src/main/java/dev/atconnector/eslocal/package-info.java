/** A real, local Elasticsearch for tests and the demo. */
package dev.atconnector.eslocal;
