package io.github.failoverds.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindConstructorProvider;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * The property names that bind to a properties class, worked out from the class itself as Spring Boot's
 * binder sees it: its JavaBean properties (or the parameters of its binding constructor), recursively,
 * with list indexes ({@code nodes[0].url}) and free-form map keys. It tells whether a name binds, and
 * otherwise which known name is closest. Names are compared as relaxed binding compares them, so
 * {@code FAILOVER_DATASOURCE_HEALTH_FAILURETHRESHOLD} matches {@code health.failure-threshold}.
 */
final class KnownPropertyNames {

	/**
	 * The names of {@link FailoverDataSourceProperties}. Below a {@link HikariConfig} ({@code hikari.*},
	 * {@code nodes[n].hikari.*}) every name counts as known here: {@link BoundPoolSettings} checks those
	 * against HikariCP's own settings when it binds them.
	 */
	static final KnownPropertyNames FAILOVER = new KnownPropertyNames(FailoverDataSourceProperties.PREFIX,
			FailoverDataSourceProperties.class, Set.of(HikariConfig.class));

	/** Stands for any list index in a known name, until it is shown. */
	private static final String INDEX = "[#]";

	private final ConfigurationPropertyName prefix;

	private final Level root;

	/**
	 * Work out the names of a properties class.
	 * @param prefix the prefix the class is bound to
	 * @param type the properties class
	 * @param checkedElsewhere types whose unknown names another check reports (their own names are still
	 * offered as suggestions)
	 */
	KnownPropertyNames(String prefix, Class<?> type, Set<Class<?>> checkedElsewhere) {
		this.prefix = ConfigurationPropertyName.of(prefix);
		this.root = new LevelFactory(checkedElsewhere).levelOf(ResolvableType.forClass(type));
	}

	/**
	 * Whether a name is below the prefix.
	 * @param name a configuration property name
	 * @return whether it belongs to the properties class
	 */
	boolean isBelowPrefix(ConfigurationPropertyName name) {
		return this.prefix.isAncestorOf(name);
	}

	/**
	 * Why a name does not bind, if it is below the prefix and does not.
	 * @param name a configuration property name
	 * @return empty when the name binds, is left to another check or is not below the prefix; otherwise
	 * what is wrong with it
	 */
	Optional<Mismatch> mismatch(ConfigurationPropertyName name) {
		if (!isBelowPrefix(name)) {
			return Optional.empty();
		}
		Level level = this.root;
		for (int i = this.prefix.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
			if (level.kind == Kind.FREE_FORM || level.checkedElsewhere) {
				return Optional.empty();
			}
			Level next = level.child(name.getElement(i, Form.UNIFORM));
			if (next == null) {
				ConfigurationPropertyName known = name.chop(i);
				return Optional.of((level.kind == Kind.VALUE) ? new Mismatch(name.toString(), known.toString(), null)
						: new Mismatch(name.toString(), null, closest(known, level, name.subName(i)).orElse(null)));
			}
			level = next;
		}
		return Optional.empty();
	}

	/**
	 * The settings directly below a name that takes settings rather than a single value, such as
	 * {@code failover.datasource.health}.
	 * @param name a configuration property name
	 * @return the full names of its settings, empty when the name is a single value or unknown
	 */
	List<String> settingsBelow(ConfigurationPropertyName name) {
		if (!name.equals(this.prefix) && !isBelowPrefix(name)) {
			return List.of();
		}
		Level level = this.root;
		for (int i = this.prefix.getNumberOfElements(); i < name.getNumberOfElements() && level != null; i++) {
			level = level.child(name.getElement(i, Form.UNIFORM));
		}
		StringBuilder parent = new StringBuilder(name.toString());
		while (level != null && level.kind == Kind.LIST) {
			parent.append("[0]");
			level = level.element;
		}
		if (level == null) {
			return List.of();
		}
		String settingPrefix = parent + ".";
		return level.settings.stream().map((setting) -> settingPrefix + setting.name()).toList();
	}

	/** The known name closest to an unknown one, below the known part of the unknown name. */
	private static Optional<String> closest(ConfigurationPropertyName known, Level level,
			ConfigurationPropertyName unknownPart) {
		Deque<String> indexes = new ArrayDeque<>();
		StringBuilder wanted = new StringBuilder();
		for (int i = 0; i < unknownPart.getNumberOfElements(); i++) {
			String element = unknownPart.getElement(i, Form.DASHED);
			if (isIndex(element)) {
				indexes.add(element);
				wanted.append(INDEX);
			}
			else {
				wanted.append((wanted.length() > 0) ? "." : "").append(element);
			}
		}
		List<String> candidates = new ArrayList<>();
		level.collectPaths("", candidates);
		return ClosestName.closestTo(wanted.toString(), candidates)
			.map((path) -> known + (path.startsWith("[") ? "" : ".") + withIndexes(path, indexes));
	}

	private static String withIndexes(String path, Deque<String> indexes) {
		String shown = path;
		while (shown.contains(INDEX)) {
			shown = shown.replaceFirst("\\[#]", "[" + ((indexes.isEmpty()) ? "0" : indexes.poll()) + "]");
		}
		return shown;
	}

	private static boolean isIndex(String element) {
		return !element.isEmpty() && element.chars().allMatch(Character::isDigit);
	}

	/**
	 * What is wrong with a name that does not bind, in words for a failure analysis or a warning.
	 *
	 * @param name the name
	 * @param valueProperty the single value the name is below (such as
	 * {@code failover.datasource.enabled} for {@code failover.datasource.enabled.x}), or {@code null}
	 * when the name is unknown
	 * @param suggestion the known name closest to an unknown name, or {@code null}
	 */
	record Mismatch(String name, String valueProperty, String suggestion) {

		String reason() {
			return (this.valueProperty != null)
					? this.valueProperty + " takes a single value, so " + this.name + " below it is not a setting."
					: "The failover DataSource has no property " + this.name + ".";
		}

		String action() {
			if (this.valueProperty != null) {
				return "Set " + this.valueProperty + " itself, or remove " + this.name + ".";
			}
			return ((this.suggestion != null) ? "Did you mean " + this.suggestion + "? " : "") + "Correct the name of "
					+ this.name + " or remove it.";
		}

	}

	private enum Kind {

		/** A single value: a string, a number, a duration... */
		VALUE,

		/** Named settings. */
		GROUP,

		/** Indexed elements, all alike. */
		LIST,

		/** Keys of any name, such as a map's. */
		FREE_FORM

	}

	/**
	 * One level of the property tree: what the names below a name may be.
	 */
	private static final class Level {

		private final Kind kind;

		private final List<Setting> settings;

		private final Level element;

		private final boolean checkedElsewhere;

		private Level(Kind kind, List<Setting> settings, Level element, boolean checkedElsewhere) {
			this.kind = kind;
			this.settings = settings;
			this.element = element;
			this.checkedElsewhere = checkedElsewhere;
		}

		/** The level below, by an element of a name in uniform form, or {@code null}. */
		Level child(String uniformElement) {
			if (this.kind == Kind.LIST) {
				return isIndex(uniformElement) ? this.element : null;
			}
			return this.settings.stream()
				.filter((setting) -> setting.uniformName().equals(uniformElement))
				.map(Setting::level)
				.findFirst()
				.orElse(null);
		}

		/** Every name below this level, relative to it, list indexes written as {@value #INDEX}. */
		void collectPaths(String path, Collection<String> paths) {
			if (this.kind == Kind.LIST) {
				paths.add(path + INDEX);
				this.element.collectPaths(path + INDEX, paths);
			}
			for (Setting setting : this.settings) {
				String name = (path.isEmpty() ? "" : path + ".") + setting.name();
				paths.add(name);
				setting.level().collectPaths(name, paths);
			}
		}

	}

	/**
	 * A named setting of a group.
	 */
	private record Setting(String name, Level level) {

		String uniformName() {
			return ConfigurationPropertyName.of(this.name).getElement(0, Form.UNIFORM);
		}

	}

	/**
	 * Builds the levels of a type as the binder would bind it.
	 */
	private static final class LevelFactory {

		private static final Level VALUE = new Level(Kind.VALUE, List.of(), null, false);

		private static final Level FREE_FORM = new Level(Kind.FREE_FORM, List.of(), null, false);

		private final Set<Class<?>> checkedElsewhere;

		private final Set<Class<?>> building = new HashSet<>();

		LevelFactory(Set<Class<?>> checkedElsewhere) {
			this.checkedElsewhere = checkedElsewhere;
		}

		Level levelOf(ResolvableType type) {
			Class<?> raw = type.resolve(Object.class);
			if (Map.class.isAssignableFrom(raw)) {
				return FREE_FORM;
			}
			if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
				ResolvableType element = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric();
				return new Level(Kind.LIST, List.of(), levelOf(element), false);
			}
			if (isValueType(raw) || !this.building.add(raw)) {
				return VALUE;
			}
			try {
				List<Setting> settings = settingsOf(raw);
				return settings.isEmpty() ? VALUE
						: new Level(Kind.GROUP, settings, null, this.checkedElsewhere.contains(raw));
			}
			finally {
				this.building.remove(raw);
			}
		}

		private static boolean isValueType(Class<?> type) {
			return type.isPrimitive() || type.isEnum() || type.isInterface() || type.getName().startsWith("java.")
					|| type.getName().startsWith("javax.");
		}

		/** Constructor parameters for a type bound through its constructor, else its JavaBean properties. */
		private List<Setting> settingsOf(Class<?> type) {
			Constructor<?> constructor = BindConstructorProvider.DEFAULT.getBindConstructor(type, false);
			return (constructor != null) ? constructorSettings(constructor) : javaBeanSettings(type);
		}

		private List<Setting> constructorSettings(Constructor<?> constructor) {
			String[] names = new DefaultParameterNameDiscoverer().getParameterNames(constructor);
			List<Setting> settings = new ArrayList<>();
			for (int i = 0; names != null && i < names.length; i++) {
				settings.add(new Setting(DataObjectPropertyName.toDashedForm(names[i]),
						levelOf(ResolvableType.forConstructorParameter(constructor, i))));
			}
			return settings;
		}

		/** Settable properties, and read-only ones that hold settings of their own (nested groups). */
		private List<Setting> javaBeanSettings(Class<?> type) {
			List<Setting> settings = new ArrayList<>();
			for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
				Method getter = property.getReadMethod();
				Method setter = property.getWriteMethod();
				if ((getter == null && setter == null) || "class".equals(property.getName())) {
					continue;
				}
				ResolvableType propertyType = (getter != null) ? ResolvableType.forMethodReturnType(getter, type)
						: ResolvableType.forMethodParameter(new MethodParameter(setter, 0), type);
				Level level = levelOf(propertyType);
				if (setter != null || level.kind != Kind.VALUE) {
					settings.add(new Setting(DataObjectPropertyName.toDashedForm(property.getName()), level));
				}
			}
			settings.sort(Comparator.comparing(Setting::name));
			return settings;
		}

	}

}
