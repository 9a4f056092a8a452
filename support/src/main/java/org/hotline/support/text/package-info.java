/** Text for people: names and definitions in Chinese and English. */
package org.hotline.support.text;
