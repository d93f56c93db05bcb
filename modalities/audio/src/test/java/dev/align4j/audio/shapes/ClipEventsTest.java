package dev.align4j.audio.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.shapes.ShapeSpec;
import dev.align4j.video.shapes.ClipOptions;
import dev.align4j.video.shapes.Motion;
import dev.align4j.video.shapes.MotionScene;
import dev.align4j.video.shapes.MovingScene;
import dev.align4j.video.shapes.Trajectory;
import dev.align4j.video.shapes.World;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events of moving-shapes clips, read from their paths. */
class ClipEventsTest {
  static final ClipOptions OPTIONS = ClipOptions.defaults(); // 8 frames of 16x16 at 8 fps
  static final ShapeSpec RED_CIRCLE = new ShapeSpec(ShapeKind.CIRCLE, ShapeColor.RED, ShapeSize.SMALL);
  static final ShapeSpec BLUE_SQUARE = new ShapeSpec(ShapeKind.SQUARE, ShapeColor.BLUE, ShapeSize.LARGE);

  static String describe(List<SoundEvent> events) {
    return events.stream().map(e -> e.type() + "@" + e.frame() + "#" + e.shape()).toList().toString();
  }

  @Test
  void aStillShapeOnlyAppears() {
    MovingScene still = new MovingScene(MotionScene.of(RED_CIRCLE, Motion.STAYS_STILL),
        List.of(new Trajectory.Linear(0.5, 0.5, 0, 0)));
    List<SoundEvent> events = ClipEvents.of(still, OPTIONS);
    assertEquals("[APPEARS@0#0]", describe(events));
    assertEquals(0, events.get(0).seconds());
    assertEquals(SoundLaws.pitch(ShapeColor.RED), events.get(0).pitch());
    assertEquals(Timbre.SINE, events.get(0).timbre());
  }

  @Test
  void aBounceSoundsAtTheFrameNearestItsFloorContact() {
    double bounce = 0.45; // clip time; frame 0.45 * 7 = 3.15 -> 3, at 3 / 8 s
    MovingScene scene = new MovingScene(MotionScene.of(RED_CIRCLE, Motion.BOUNCES),
        List.of(new Trajectory.Bounce(0.5, 0.3, 0, 2 * 0.3 / (bounce * bounce), bounce)));
    List<SoundEvent> events = ClipEvents.of(scene, OPTIONS);
    assertEquals("[APPEARS@0#0, BOUNCES@3#0]", describe(events));
    assertEquals(3 / 8.0, events.get(1).seconds(), 1e-12);
  }

  @Test
  void aShapeThatReachesAnEdgeHitsIt() {
    double low = World.low(ShapeSize.SMALL, 16);
    double high = World.high(ShapeSize.SMALL, 16, 1);
    // Moves right from the middle to its limit at clip time 1: it touches (within 1 px) from s = 5/6 on.
    double x0 = high - 0.3;
    MovingScene right = new MovingScene(MotionScene.of(RED_CIRCLE, Motion.MOVES_RIGHT),
        List.of(new Trajectory.Linear(x0, 0.5, 0.3, 0)));
    assertEquals("[APPEARS@0#0, HITS_EDGE@6#0]", describe(ClipEvents.of(right, OPTIONS)));
    // Starting at the left edge and moving away: no hit (it was already there when it appeared).
    MovingScene away = new MovingScene(MotionScene.of(RED_CIRCLE, Motion.MOVES_RIGHT),
        List.of(new Trajectory.Linear(low, 0.5, 0.3, 0)));
    assertEquals("[APPEARS@0#0]", describe(ClipEvents.of(away, OPTIONS)));
  }

  @Test
  void bothShapesOfARelativeMotionAppear() {
    MovingScene toward = new MovingScene(MotionScene.of(RED_CIRCLE, Motion.MOVES_TOWARD, BLUE_SQUARE),
        List.of(new Trajectory.Linear(0.25, 0.5, 0.2, 0), new Trajectory.Linear(0.75, 0.5, 0, 0)));
    List<SoundEvent> events = ClipEvents.of(toward, OPTIONS);
    assertEquals("[APPEARS@0#0, APPEARS@0#1]", describe(events));
    assertEquals(BLUE_SQUARE, events.get(1).spec());
    assertEquals(Timbre.SQUARE, events.get(1).timbre());
  }

  @Test
  void sampledClipsHaveEveryKindOfEvent() {
    Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
    List<SoundingClip> clips = SoundingShapes.defaults().sample(200, 1);
    int later = 0;
    for (SoundingClip c : clips) {
      for (SoundEvent e : c.events()) {
        counts.merge(e.type(), 1, Integer::sum);
        assertTrue(e.frame() < OPTIONS.frames());
        if (e.frame() > 0) later++;
      }
    }
    System.out.println("events in 200 sampled clips: " + counts + ", after the first frame: " + later);
    for (EventType t : EventType.values()) assertTrue(counts.getOrDefault(t, 0) >= 10, t + ": " + counts);
  }
}
