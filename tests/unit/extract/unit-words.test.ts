/**
 * Misread unit words recognised by the unit name after them, on readings recorded from handwriting-like pages
 * (`correctPlace`, through `normalizeValue` where the value's other repairs matter too).
 */
import { describe, expect, it } from 'vitest';
import { normalizeValue } from '../../../src/extract/normalize';
import { correctPlace } from '../../../src/extract/places';

const HUE = 'tỉnh Thừa Thiên Huế';

describe('unit words read wrong, recognised by the unit they name', () => {
  it('repairs the unit word when the words after it name exactly one unit of that type in the province', () => {
    expect(correctPlace(`Tại nhà, thị trấn Phong Điền, khuyên Phong Điền, ${HUE}`).value).toBe(
      `Tại nhà, thị trấn Phong Điền, huyện Phong Điền, ${HUE}`,
    );
    expect(correctPlace(`xã Điền Hòa, fuyê Phong Điền, ${HUE}`).value).toBe(
      `xã Điền Hòa, huyện Phong Điền, ${HUE}`,
    );
    // A name read as listed outweighs a unit word read closer: not "xã Hồng Thủy".
    expect(correctPlace(`phường Thủy Châu, th xũ Hương Thủy, ${HUE}`).value).toBe(
      `phường Thủy Châu, thị xã Hương Thủy, ${HUE}`,
    );
    expect(
      correctPlace('tổ dân phố Kim Đôi, thị trấn Phú Đa, huyện Phú Vang, tịnh Thừa Thiên Huế').value,
    ).toBe(`tổ dân phố Kim Đôi, thị trấn Phú Đa, huyện Phú Vang, ${HUE}`);
  });

  it('repairs a unit inside an institution and writes its name as listed', () => {
    const v = normalizeValue('place', `Thùng tâm Ý tế Íuyên Năm Đông, ${HUE}`, 'nktNoiChet');
    expect(v.value).toBe(`Trung tâm Y tế huyện Nam Đông, ${HUE}`);
    expect(v.fit).toBeLessThan(1);
    expect(correctPlace('Bệnh viện Đa khoa tỉnh ThRỪa Thiên Huế').value).toBe(`Bệnh viện Đa khoa ${HUE}`);
    // Marks restored from the list, in the registers' tone placement ("Thủy", the list says "Thuỷ").
    expect(correctPlace(`Trạm Y tế phường Thủy Biểu, thành phố Huế, ${HUE}`).value).toBe(
      `Trạm Y tế phường Thủy Biều, thành phố Huế, ${HUE}`,
    );
  });

  it('learns the province from a name cut short and read with a wrong mark', () => {
    expect(correctPlace('tổ dân phố An Lộ, thị trấn Kho Tíe, fuyyện Mam.Đông, tỉnh Thùa Thiên').value).toBe(
      `tổ dân phố An Lộ, thị trấn Khe Tre, huyện Nam Đông, ${HUE}`,
    );
  });

  it('does no harm: own place words, sure readings and addresses without a province keep what was read', () => {
    const street = `đường Phú Hội, phường Phú Hội, thành phố Huế, ${HUE}`;
    expect(correctPlace(street).value).toBe(street);
    const misread = `xã Điền Hòa, fuyê Phong Điền, ${HUE}`;
    expect(correctPlace(misread, undefined, true).value).toBe(misread);
    expect(correctPlace('xã Điền Hòa, fuyê Phong Điền').value).toBe('xã Điền Hòa, fuyê Phong Điền');
    const village = `thôn Phong Điền, xã Phong Hiền, huyện Phong Điền, ${HUE}`;
    expect(correctPlace(village).value).toBe(village);
  });

  it('drops a part of one small letter between commas (a speck)', () => {
    expect(correctPlace(`xã Giang Hải, i, luyện Phú Lộc, ${HUE}`).value).toBe(
      `xã Giang Hải, huyện Phú Lộc, ${HUE}`,
    );
  });
});
