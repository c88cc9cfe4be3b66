package io.chatmedia.process.image.heif;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The display matrices FFmpeg builds from irot/imir (av_display_rotation_set, then av_display_matrix_flip, as its
 * mov demuxer does) and the turn each one means. av_display_rotation_set takes a clockwise angle (while
 * av_display_rotation_get answers an anticlockwise one).
 */
class OrientationTest {

    @ParameterizedTest(name = "{0}° clockwise, hflip {1}, vflip {2}")
    @CsvSource({
        // angle, hflip, vflip, transpose, flipX, flipY, where the 10x20 stored image's (1, 2, 3x4) lands
        "0, 0, 0, false, false, false, 1 2 3 4",
        "90, 0, 0, true, true, false, 14 1 4 3", // clockwise (irot 3, an iPhone held upright): top row to the right
        "180, 0, 0, false, true, true, 6 14 3 4",
        "270, 0, 0, true, false, true, 2 6 4 3", // anticlockwise (irot 1): the top row becomes the left column
        "0, 1, 0, false, true, false, 6 2 3 4",
        "0, 0, 1, false, false, true, 1 14 3 4",
        "90, 1, 0, true, false, false, 2 1 4 3", // a transpose
        "90, 0, 1, true, true, true, 14 6 4 3",
    })
    void readsFfmpegsDisplayMatrix(
            int angle, int hflip, int vflip, boolean transpose, boolean flipX, boolean flipY, String placed) {
        int[] matrix = new int[9];
        avutil.av_display_rotation_set(matrix, angle);
        avutil.av_display_matrix_flip(matrix, hflip, vflip);
        Orientation orientation = Orientation.fromMatrix(matrix[0], matrix[1], matrix[3], matrix[4]);
        assertThat(orientation).isEqualTo(new Orientation(transpose, flipX, flipY));
        int[] r = orientation.place(1, 2, 3, 4, 10, 20);
        assertThat(r[0] + " " + r[1] + " " + r[2] + " " + r[3]).isEqualTo(placed);
    }
}
