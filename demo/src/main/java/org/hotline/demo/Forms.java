package org.hotline.demo;

import java.util.List;
import java.util.Random;
import org.hotline.cases.api.CaseForm;
import org.hotline.cases.jurisdiction.District;
import org.hotline.cases.jurisdiction.Gazetteer;
import org.hotline.cases.jurisdiction.Street;
import org.hotline.cases.taxonomy.Category;
import org.hotline.cases.taxonomy.Taxonomy;

/** The case forms the simulated agents write: what a 12345 line hears, where in the city. */
final class Forms {

  private static final String[] PLACES = {"小区", "家园", "花园", "公寓", "北里", "西里"};
  private static final String[] TYPES = {
    "complaint",
    "complaint",
    "complaint",
    "help",
    "help",
    "report",
    "consultation",
    "consultation",
    "suggestion",
    "praise"
  };

  private final List<Category> leaves;
  private final List<District> districts;
  private final Random random = new Random(7);

  Forms(Taxonomy taxonomy, Gazetteer gazetteer) {
    this.leaves = taxonomy.leaves();
    this.districts = gazetteer.districts();
  }

  CaseForm next(String agentId) {
    Category category = leaves.get(random.nextInt(leaves.size()));
    District district = districts.get(random.nextInt(districts.size()));
    Street street = district.streets().get(random.nextInt(district.streets().size()));
    String type = TYPES[random.nextInt(TYPES.length)];
    boolean direct =
        type.equals("consultation") || type.equals("praise") || random.nextInt(10) == 0;
    String location =
        district.name().zh()
            + street.name().zh()
            + " "
            + (1 + random.nextInt(30))
            + "号"
            + PLACES[random.nextInt(PLACES.length)]
            + (1 + random.nextInt(20))
            + "号楼";
    String summary = "市民来电反映：" + category.name().zh() + "问题，地点" + location + "，希望尽快处理。";
    return new CaseForm(
        type,
        category.code(),
        location,
        district.id(),
        street.id(),
        null,
        summary,
        direct ? "direct_answer" : "dispatch",
        null,
        null,
        null,
        agentId,
        direct ? "已向市民解释相关政策和办理渠道。" : null);
  }
}
