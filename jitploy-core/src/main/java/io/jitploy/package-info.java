/** Jitploy's Jenkins-free engine. Sub-packages are organised by capability. */
package io.jitploy;
